package org.jvs.drbd.nbd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jvs.drbd.io.BufferPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An NBD server (fixed newstyle, simple and structured replies) for a set of exports, listening on
 * any number of TCP addresses and Unix sockets. Each connection runs on its own virtual thread; a
 * client that misbehaves loses only its connection. The empty export name means the first export.
 * Thread-safe; {@link #close()} stops listening and drops every connection.
 */
public final class NbdServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NbdServer.class);

    private final List<Export> exports;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final List<Path> socketFiles = new ArrayList<>();
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final BufferPool buffers = new BufferPool();
    private volatile boolean closed;

    /** A server for {@code exports} (not yet listening). */
    public NbdServer(List<Export> exports) {
        this.exports = List.copyOf(exports);
    }

    /** Listens on {@code address} (port 0 picks one); returns the bound address. */
    public synchronized InetSocketAddress listenTcp(InetSocketAddress address) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.bind(address);
        start(ch);
        return (InetSocketAddress) ch.getLocalAddress();
    }

    /** Listens on the Unix socket {@code path} (a stale socket file is replaced; mode 0600 would be the caller's umask). */
    public synchronized void listenUnix(Path path) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(path));
        socketFiles.add(path);
        start(ch);
    }

    private void start(ServerSocketChannel ch) {
        listeners.add(ch);
        Thread.ofVirtual().name("nbd-accept").start(() -> accept(ch));
    }

    private void accept(ServerSocketChannel listener) {
        while (!closed) {
            SocketChannel c;
            try {
                c = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("accept failed: {}", e.toString());
                }
                return;
            }
            connections.add(c);
            Thread.ofVirtual().name("nbd-conn").start(() -> serve(c));
        }
    }

    private void serve(SocketChannel c) {
        Wire wire = new Wire(c);
        try {
            if (c.getLocalAddress() instanceof InetSocketAddress) {
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            Optional<Handshake.Result> session = new Handshake(wire, this::find, exports).run();
            if (session.isPresent()) {
                new Transmission(wire, session.get(), buffers).run();
            }
        } catch (IOException e) {
            LOG.debug("connection ended: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("connection dropped after an internal error", e);
        } finally {
            wire.close();
            connections.remove(c);
        }
    }

    private Optional<Export> find(String name) {
        if (name.isEmpty()) {
            return exports.stream().findFirst();
        }
        return exports.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Number of clients connected now (handshake or transmission). */
    public int connectionCount() {
        return connections.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (ServerSocketChannel l : listeners) {
            try {
                l.close();
            } catch (IOException e) {
                LOG.debug("closing listener: {}", e.toString());
            }
        }
        for (SocketChannel c : connections) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("closing connection: {}", e.toString());
            }
        }
        for (Path p : socketFiles) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.debug("removing {}: {}", p, e.toString());
            }
        }
    }
}
