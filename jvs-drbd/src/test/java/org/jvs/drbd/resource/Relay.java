package org.jvs.drbd.resource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between alpha and beta that can stall (stop forwarding alpha's bytes, which then pile
 * up in socket buffers) and cut (reset every connection, dropping what was buffered): a node that
 * dies with data still on its way, as a crashed machine would.
 */
final class Relay implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final InetSocketAddress target;
    private final List<SocketChannel> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;

    Relay(int port, InetSocketAddress target) throws IOException {
        this.target = target;
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.3", port));
        Thread.ofVirtual().start(this::accept);
    }

    private void accept() {
        while (listener.isOpen()) {
            SocketChannel from;
            try {
                from = listener.accept();
            } catch (IOException e) {
                return;
            }
            try {
                SocketChannel to = SocketChannel.open();
                to.bind(new InetSocketAddress("127.0.0.1", 0));
                to.connect(target);
                sockets.add(from);
                sockets.add(to);
                Thread.ofVirtual().start(() -> pump(from, to, true));
                Thread.ofVirtual().start(() -> pump(to, from, false));
            } catch (IOException e) {
                // beta not there yet: alpha will try again
                try {
                    from.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }
    }

    private void pump(SocketChannel in, SocketChannel out, boolean towardsBeta) {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        try {
            while (true) {
                while (towardsBeta && stalled) {
                    Thread.sleep(5);
                }
                b.clear();
                if (in.read(b) < 0) {
                    out.close();
                    return;
                }
                b.flip();
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
        } catch (IOException | InterruptedException e) {
            // cut or closed
        }
    }

    /** Stops forwarding what alpha sends. */
    void stall() {
        stalled = true;
    }

    /** Resets every relayed connection: whatever was buffered is lost. */
    void cut() throws IOException {
        for (SocketChannel s : sockets) {
            if (s.isOpen()) {
                s.setOption(StandardSocketOptions.SO_LINGER, 0);
                s.close();
            }
        }
        sockets.clear();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
