package org.jvs.heartbeat.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control socket ({@code heartbeat.sock} in the run directory, mode 0600): one line in
 * ({@code STATUS}, {@code STOP}, {@code RELOAD}, {@code STANDBY set}, {@code TAKEOVER set}), a
 * {@link ControlReply} out. Each connection is served on its own virtual thread. Thread-safe.
 */
final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final int MAX_LINE = 256;

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    ControlServer(Path path, Function<String, ControlReply> handler) throws IOException {
        this.path = path;
        Files.deleteIfExists(path);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        this.acceptor = Thread.ofVirtual().name("hb-control").start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel client = server.accept();
                    Thread.ofVirtual().start(() -> serve(client, handler));
                } catch (IOException e) {
                    if (server.isOpen()) {
                        LOG.warn("control socket: {}", e.getMessage());
                    }
                    return;
                }
            }
        });
    }

    private static void serve(SocketChannel client, Function<String, ControlReply> handler) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                    StandardCharsets.UTF_8));
            String line = in.readLine();
            ControlReply reply = line == null || line.length() > MAX_LINE
                    ? new ControlReply(2, "bad request\n") : handler.apply(line.strip());
            OutputStream out = Channels.newOutputStream(client);
            out.write(reply.encode());
            out.flush();
        } catch (IOException e) {
            LOG.debug("control client went away: {}", e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        Files.deleteIfExists(path);
    }
}
