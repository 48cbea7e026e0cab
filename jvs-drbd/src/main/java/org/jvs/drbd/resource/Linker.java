package org.jvs.drbd.resource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.jvs.drbd.replication.Command;
import org.jvs.drbd.replication.Packet;
import org.jvs.drbd.replication.PacketChannel;
import org.jvs.drbd.replication.PeerAuth;
import org.jvs.drbd.replication.ProtocolException;
import org.jvs.drbd.state.ConnectionState;

/**
 * Keeps a resource connected while networking is enabled: the node with the lower address dials
 * (from its own address) every connect-int until it reaches the peer, the other listens and takes
 * only connections from the peer's address. A link is two sockets: the data socket, which carries
 * the feature exchange and, with cram-hmac-alg, the authentication, then the meta socket, which
 * proves it belongs to the same session with a token. A failed authentication or handshake refusal
 * leaves the resource StandAlone; anything else is retried. Thread-safe; one thread per resource.
 */
final class Linker {
    private static final int PROTOCOL_VERSION = 1;
    private static final int TOKEN = 16;
    private static final long HANDSHAKE_MS = 10_000;

    private final Resource resource;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile ServerSocketChannel listener;
    private volatile SocketChannel pending;
    private final Object pause = new Object();

    Linker(Resource resource) {
        this.resource = resource;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofVirtual().name("drbd-link-" + resource.name()).start(this::loop);
    }

    /**
     * Stops connecting and waits for the thread. Never interrupts it: a thread interrupted in file
     * I/O would close the backing device's channel; closing sockets and a notify unblock it instead.
     */
    void stop(Runnable closeConnection) {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        closeQuietly(listener);
        closeQuietly(pending);
        closeConnection.run();
        synchronized (pause) {
            pause.notifyAll();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        ResourceSettings s = resource.settings();
        while (running) {
            resource.setState(ConnectionState.WF_CONNECTION);
            try {
                Connection c = s.dialer() ? dial(s) : accept(s);
                if (c == null) {
                    continue;
                }
                resource.handshaking(c);
                c.run();
            } catch (RefusedException e) {
                resource.log(e.getMessage());
                running = false;
                resource.setState(e.next());
                break;
            } catch (IOException e) {
                if (running) {
                    resource.log("connection attempt failed: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
                }
            }
            if (running) {
                resource.setState(ConnectionState.UNCONNECTED);
                sleep(s.connectIntMs());
            }
        }
        closeQuietly(listener);
        listener = null;
    }

    private void sleep(long ms) {
        synchronized (pause) {
            try {
                if (running) {
                    pause.wait(ms);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private Connection dial(ResourceSettings s) throws IOException {
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName(s.address().host()), 0);
        SocketChannel dataSocket = open(from, s.peer().address().socketAddress());
        PacketChannel data = new PacketChannel(dataSocket);
        try (Watchdog _ = new Watchdog(dataSocket)) {
            data.send(Command.INITIAL_DATA, 0);
            byte[] token = new byte[TOKEN];
            random.nextBytes(token);
            exchangeFeatures(data, token);
            authenticate(data, s);
            SocketChannel metaSocket = open(from, s.peer().address().socketAddress());
            PacketChannel meta = new PacketChannel(metaSocket);
            meta.send(Command.INITIAL_META, 0, ByteBuffer.wrap(token));
            return new Connection(resource, data, meta, true);
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
    }

    private SocketChannel open(InetSocketAddress from, InetSocketAddress to) throws IOException {
        SocketChannel ch = SocketChannel.open();
        pending = ch;
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.bind(from);
            ch.connect(to);
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    private Connection accept(ResourceSettings s) throws IOException {
        ServerSocketChannel l = listener;
        if (l == null || !l.isOpen()) {
            l = ServerSocketChannel.open();
            l.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            l.bind(s.address().socketAddress());
            listener = l;
        }
        InetAddress peer = InetAddress.getByName(s.peer().address().host());
        PacketChannel data = null;
        byte[] token = null;
        while (running) {
            SocketChannel ch = l.accept();
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (!((InetSocketAddress) ch.getRemoteAddress()).getAddress().equals(peer)) {
                resource.log("refusing connection from foreign address " + ch.getRemoteAddress());
                ch.close();
                continue;
            }
            PacketChannel pc = new PacketChannel(ch);
            try (Watchdog _ = new Watchdog(ch)) {
                Packet first = pc.receive();
                if (first.command() == Command.INITIAL_DATA) {
                    if (data != null) {
                        data.close();
                    }
                    data = pc;
                    token = exchangeFeatures(data, new byte[TOKEN]);
                    authenticate(data, s);
                } else if (first.command() == Command.INITIAL_META && data != null
                        && MessageDigest.isEqual(token, bytes(first.payload()))) {
                    return new Connection(resource, data, pc, false);
                } else {
                    pc.close();
                }
            } catch (RefusedException e) {
                pc.close();
                throw e;
            } catch (IOException e) {
                pc.close();
                if (pc == data) {
                    data = null;
                }
                resource.log("incoming connection dropped: " + e.getMessage());
            }
        }
        return null;
    }

    /**
     * Both sides send their version range and a session token (the listener's is empty); returns the
     * peer's token, which the dialer will present on its meta socket.
     */
    private static byte[] exchangeFeatures(PacketChannel data, byte[] token) throws IOException {
        ByteBuffer mine = ByteBuffer.allocate(12 + TOKEN).putInt(PROTOCOL_VERSION).putInt(PROTOCOL_VERSION).putInt(0)
                .put(token).flip();
        data.send(Command.CONNECTION_FEATURES, 0, mine);
        Packet p = data.receive();
        if (p.command() != Command.CONNECTION_FEATURES) {
            throw new ProtocolException("expected ConnectionFeatures, got " + p.command());
        }
        ByteBuffer b = p.payload();
        int min = b.getInt();
        int max = b.getInt();
        if (min > PROTOCOL_VERSION || max < PROTOCOL_VERSION) {
            throw new RefusedException("incompatible protocol versions " + min + "-" + max, ConnectionState.STAND_ALONE);
        }
        b.getInt();
        byte[] theirs = new byte[TOKEN];
        b.get(theirs);
        return theirs;
    }

    private void authenticate(PacketChannel data, ResourceSettings s) throws IOException {
        if (s.cramHmacAlg().isPresent()) {
            try {
                int n = PeerAuth.authenticate(data, s.cramHmacAlg().get(), s.sharedSecret());
                resource.log("Peer authenticated using " + n + " bytes HMAC");
            } catch (PeerAuth.Failed e) {
                throw new RefusedException(e.getMessage(), ConnectionState.STAND_ALONE);
            }
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing to unblock: nothing else to do
            }
        }
    }

    /** Closes a socket whose handshake takes longer than it may (reads on channels have no timeout). */
    private static final class Watchdog implements AutoCloseable {
        private final Thread timer;

        Watchdog(SocketChannel ch) {
            timer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(HANDSHAKE_MS);
                    ch.close();
                } catch (InterruptedException | IOException e) {
                    // finished in time, or already closed
                }
            });
        }

        @Override
        public void close() {
            timer.interrupt();
        }
    }
}
