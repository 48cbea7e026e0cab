package org.jvs.drbd.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs one drbdadm command in a resource's daemon over its control socket. Stateless; thread-safe. */
public final class ControlClient {
    private ControlClient() {
    }

    /**
     * Sends {@code args} to the daemon listening on {@code socket}, copies its output as it comes,
     * and returns its exit status.
     *
     * @throws IOException when no daemon answers there
     */
    public static int call(Path socket, List<String> args, PrintStream out, PrintStream err) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            DataOutputStream o = new DataOutputStream(Channels.newOutputStream(ch));
            DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
            ControlFrames.writeRequest(o, args);
            while (true) {
                byte type = in.readByte();
                if (type == ControlFrames.EXIT) {
                    return in.readInt();
                }
                String text = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
                (type == ControlFrames.ERR ? err : out).print(text);
                (type == ControlFrames.ERR ? err : out).flush();
            }
        }
    }
}
