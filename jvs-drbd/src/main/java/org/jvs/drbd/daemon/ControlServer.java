package org.jvs.drbd.daemon;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control socket (a Unix socket, mode 0600 in the run directory): each connection is
 * one drbdadm command, run by the given handler with its output streamed back as frames. Thread-
 * safe; each client on its own virtual thread.
 */
final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    /** Runs one command. */
    @FunctionalInterface
    interface Handler {
        int run(List<String> args, PrintStream out, PrintStream err);
    }

    private final Path path;
    private final ServerSocketChannel listener;
    private volatile boolean closed;

    private ControlServer(Path path, ServerSocketChannel listener) {
        this.path = path;
        this.listener = listener;
    }

    static ControlServer start(Path path, Handler handler) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel l = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Path tmp = path.resolveSibling(path.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        l.bind(UnixDomainSocketAddress.of(tmp));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        // appear under the real name only when ready: clients waiting for the file can connect at once
        Files.move(tmp, path);
        ControlServer s = new ControlServer(path, l);
        Thread.ofVirtual().name("drbd-control").start(() -> s.accept(handler));
        return s;
    }

    private void accept(Handler handler) {
        while (!closed) {
            try {
                SocketChannel c = listener.accept();
                Thread.ofVirtual().name("drbd-control-client").start(() -> serve(c, handler));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control socket: {}", e.toString());
                }
                return;
            }
        }
    }

    private static void serve(SocketChannel c, Handler handler) {
        try (c) {
            DataInputStream in = new DataInputStream(Channels.newInputStream(c));
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(c));
            List<String> args = ControlFrames.readRequest(in);
            PrintStream o = new PrintStream(new FrameStream(out, ControlFrames.OUT), true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(new FrameStream(out, ControlFrames.ERR), true, StandardCharsets.UTF_8);
            int status = handler.run(args, o, e);
            o.flush();
            e.flush();
            synchronized (out) {
                ControlFrames.writeExit(out, status);
            }
        } catch (IOException e) {
            LOG.debug("control client gone: {}", e.toString());
        }
    }

    /** Turns what a command prints into frames of one type, sent on each flush. */
    private static final class FrameStream extends OutputStream {
        private final DataOutputStream out;
        private final byte type;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        FrameStream(DataOutputStream out, byte type) {
            this.out = out;
            this.type = type;
        }

        @Override
        public void write(int b) {
            buffer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (buffer.size() > 0) {
                synchronized (out) {
                    ControlFrames.writeText(out, type, buffer.toString(StandardCharsets.UTF_8));
                }
                buffer.reset();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("closing control socket: {}", e.toString());
        }
    }
}
