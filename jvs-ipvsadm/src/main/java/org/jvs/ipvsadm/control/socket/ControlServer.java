package org.jvs.ipvsadm.control.socket;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jvs.common.RunDirectory;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvsadm.control.IpvsControl;

/**
 * The director's end of the control socket: accepts ipvsadm (and ldirectord) connections on a Unix
 * domain socket, decodes each request strictly, performs it on the given {@link IpvsControl} and
 * sends the response back (see {@link ControlProtocol}). A malformed, truncated, oversized or
 * foreign-version frame is answered with a failure and the connection is closed; nothing from it
 * reaches the table.
 *
 * <p>The socket is only ever reachable by root: it is bound inside a fresh 0700 directory within
 * the run directory (itself created 0700 when missing), set to 0600, and only then renamed to its
 * public name. One virtual thread serves each client, at most {@value #MAX_CLIENTS} at a time, so
 * the {@link IpvsControl} must be thread-safe. {@link #close} stops accepting, drops the clients
 * and removes the socket file.
 */
public final class ControlServer implements AutoCloseable {
    /** Concurrent clients served; further connections are closed at once. */
    public static final int MAX_CLIENTS = 64;
    /** Bytes discarded from a refused client before the connection is dropped regardless. */
    private static final long DRAIN_LIMIT = 2L * ControlProtocol.MAX_REQUEST_FRAME;

    private final Path socket;
    private final IpvsControl control;
    private final ServerSocketChannel server;
    private final Object socketFileKey;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(Path socket, IpvsControl control, ServerSocketChannel server, Object socketFileKey) {
        this.socket = socket;
        this.control = control;
        this.server = server;
        this.socketFileKey = socketFileKey;
        this.acceptor = Thread.ofVirtual().name("jvs-control-accept").unstarted(this::acceptLoop);
    }

    /**
     * Binds {@code socket} and starts serving {@code control}. Fails if another server answers on
     * that path; a stale socket file left by a dead director is replaced.
     */
    public static ControlServer start(Path socket, IpvsControl control) throws IOException {
        Objects.requireNonNull(control, "control");
        Path runDir = socket.toAbsolutePath().getParent();
        new RunDirectory(runDir).create();
        refuseIfServed(socket);
        Path privateDir = Files.createTempDirectory(runDir, ".control-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path bound = privateDir.resolve("s");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(bound));
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            Files.move(bound, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Object key = Files.readAttributes(socket, BasicFileAttributes.class).fileKey();
            ControlServer s = new ControlServer(socket, control, server, key);
            s.acceptor.start();
            return s;
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(bound);
            throw e;
        } finally {
            Files.deleteIfExists(privateDir);
        }
    }

    /** The public path of the socket. */
    public Path socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        server.close();
        for (SocketChannel c : clients) {
            c.close();
        }
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Only our own socket file goes: a newer director may already have replaced it.
        try {
            Object key = Files.readAttributes(socket, BasicFileAttributes.class).fileKey();
            if (Objects.equals(key, socketFileKey)) {
                Files.deleteIfExists(socket);
            }
        } catch (NoSuchFileException e) {
            // Already gone.
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed, or the socket is unusable: either way nothing more can be accepted
            }
            if (clients.size() >= MAX_CLIENTS || closed) {
                closeQuietly(client);
                continue;
            }
            clients.add(client);
            Thread.ofVirtual().name("jvs-control-client").start(() -> serve(client));
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            while (!closed) {
                ControlRequest request;
                try {
                    Frame frame = FrameIO.read(client, ControlProtocol.MAX_REQUEST_FRAME);
                    if (frame == null) {
                        // The client is done: its changes take effect before it sees the connection end.
                        control.awaitApplied();
                        return;
                    }
                    request = MessageCodec.decodeRequest(frame);
                } catch (ControlProtocolException e) {
                    FrameIO.write(client, failure(e.errno(), "bad request: " + e.getMessage()));
                    hangUp(client);
                    return;
                }
                FrameIO.write(client, answer(request));
            }
        } catch (IOException e) {
            // The client went away mid-frame; its connection is simply dropped.
        } finally {
            clients.remove(client);
        }
    }

    /**
     * Ends a refused connection so that the refusal is read: closing with unread bytes queued would
     * make the kernel reset the connection and the client would see that instead of the answer.
     * So the server stops sending and discards what the client still sends, up to a bound, until
     * the client hangs up.
     */
    private static void hangUp(SocketChannel client) throws IOException {
        client.shutdownOutput();
        ByteBuffer sink = ByteBuffer.allocate(8192);
        long discarded = 0;
        while (discarded < DRAIN_LIMIT) {
            int n = client.read(sink.clear());
            if (n < 0) {
                return;
            }
            discarded += n;
        }
    }

    private ByteBuffer answer(ControlRequest request) {
        ControlResponse response;
        try {
            response = request.dispatch(control);
        } catch (IpvsException e) {
            response = new ControlResponse.Failure(e.errno(), detail(e));
        } catch (RuntimeException e) {
            // A defect in the table must not take the control socket down with it.
            response = new ControlResponse.Failure(Errno.EINVAL, "director error: " + e);
        }
        try {
            return MessageCodec.encodeResponse(response);
        } catch (ControlProtocolException e) {
            return failure(Errno.ENOMEM, "answer too large: " + e.getMessage());
        }
    }

    private static ByteBuffer failure(Errno errno, String detail) {
        try {
            return MessageCodec.encodeResponse(new ControlResponse.Failure(errno, detail));
        } catch (ControlProtocolException e) {
            throw new IllegalStateException("a failure response always fits in a frame", e);
        }
    }

    /** The exception's message without the "ERRNO: " prefix that IpvsException adds. */
    private static String detail(IpvsException e) {
        String m = String.valueOf(e.getMessage());
        String prefix = e.errno() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static void refuseIfServed(Path socket) throws IOException {
        if (!Files.exists(socket)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return; // nobody listens: a stale file, replaced by the rename
        }
        throw new IOException("another director already listens on " + socket);
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // Refused connection; nothing to report.
        }
    }
}
