package org.jvs.heartbeat.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Sends one command to a running daemon's control socket. Stateless. */
final class ControlClient {
    private ControlClient() {
    }

    static ControlReply send(Path socket, String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            InputStream in = Channels.newInputStream(ch);
            return ControlReply.decode(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
