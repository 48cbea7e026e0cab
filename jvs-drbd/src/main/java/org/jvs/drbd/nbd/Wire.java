package org.jvs.drbd.nbd;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Blocking reads and writes of whole buffers on one NBD connection. Writes are serialised so that
 * replies from concurrent requests never interleave. Reads are for the single reader thread.
 */
final class Wire {
    private final SocketChannel channel;
    private final Object writeLock = new Object();

    Wire(SocketChannel channel) {
        this.channel = channel;
    }

    /** Reads exactly {@code n} bytes. */
    ByteBuffer read(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        readFully(b);
        return b.flip();
    }

    /** Fills {@code b} completely. */
    void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) {
                throw new EOFException("client closed the connection");
            }
        }
    }

    /** Reads and drops {@code n} bytes (the payload of a refused request). */
    void skip(long n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(n, 1 << 20));
        long left = n;
        while (left > 0) {
            b.clear().limit((int) Math.min(left, b.capacity()));
            readFully(b);
            left -= b.limit();
        }
    }

    /** Writes all buffers as one unit. */
    void write(ByteBuffer... buffers) throws IOException {
        synchronized (writeLock) {
            long total = 0;
            for (ByteBuffer b : buffers) {
                total += b.remaining();
            }
            while (total > 0) {
                total -= channel.write(buffers);
            }
        }
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // already gone; nothing to release
        }
    }
}
