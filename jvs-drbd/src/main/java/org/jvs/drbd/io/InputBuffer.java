package org.jvs.drbd.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Buffered reading of one stream socket into a direct buffer: each system call takes as much as
 * the socket holds, so a burst of small messages (acknowledgements, NBD request headers) costs one
 * read, and data goes from the kernel to the buffer without the JDK's intermediate copy. For one
 * reader thread; not thread-safe.
 */
public final class InputBuffer {
    private final ReadableByteChannel channel;
    private final ByteBuffer buffer;
    private int head;
    private int tail;

    /** Reads {@code channel} (blocking mode) through a buffer of {@code capacity} bytes. */
    public InputBuffer(ReadableByteChannel channel, int capacity) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(capacity);
    }

    /** Bytes already read from the socket and not yet taken. */
    public int buffered() {
        return tail - head;
    }

    /** The big-endian int {@code at} bytes past the next unread byte; it must be buffered. */
    public int peekInt(int at) {
        return buffer.getInt(head + at);
    }

    /**
     * The next {@code n} bytes (at most the capacity), as a big-endian view that is valid only until
     * the next call on this buffer.
     */
    public ByteBuffer take(int n) throws IOException {
        if (n > buffer.capacity()) {
            throw new IllegalArgumentException(n + " bytes exceed the buffer of " + buffer.capacity());
        }
        if (tail - head < n) {
            fill(n);
        }
        ByteBuffer view = buffer.slice(head, n);
        head += n;
        return view;
    }

    /** Fills {@code dst} completely: buffered bytes first, then straight from the socket. */
    public void readFully(ByteBuffer dst) throws IOException {
        int from = Math.min(tail - head, dst.remaining());
        dst.put(buffer.slice(head, from));
        head += from;
        while (dst.hasRemaining()) {
            if (channel.read(dst) < 0) {
                throw new EOFException("peer closed the connection");
            }
        }
    }

    /** Reads and drops {@code n} bytes. */
    public void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            int step = (int) Math.min(left, buffer.capacity());
            take(step);
            left -= step;
        }
    }

    private void fill(int n) throws IOException {
        if (buffer.capacity() - head < n) {
            buffer.put(0, buffer, head, tail - head);
            tail -= head;
            head = 0;
        }
        while (tail - head < n) {
            buffer.limit(buffer.capacity()).position(tail);
            int r = channel.read(buffer);
            if (r < 0) {
                throw new EOFException("peer closed the connection");
            }
            tail += r;
        }
    }
}
