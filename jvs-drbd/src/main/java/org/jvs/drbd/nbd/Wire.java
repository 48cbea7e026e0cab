package org.jvs.drbd.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.jvs.drbd.io.BatchingWriter;
import org.jvs.drbd.io.InputBuffer;

/**
 * Reads and writes of whole buffers on one NBD connection. Reads are buffered (a burst of request
 * headers costs one system call) and for the single reader thread. Writes from concurrent requests
 * are batched into gathering writes and never interleave.
 */
final class Wire {
    private static final int INPUT_BUFFER = 256 * 1024;
    private final SocketChannel channel;
    private final InputBuffer in;
    private final BatchingWriter out;

    Wire(SocketChannel channel) {
        this.channel = channel;
        this.in = new InputBuffer(channel, INPUT_BUFFER);
        this.out = new BatchingWriter(channel);
    }

    /** Reads exactly {@code n} bytes into a buffer of their own. */
    ByteBuffer read(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        in.readFully(b);
        return b.flip();
    }

    /** The next {@code n} bytes (a request header), valid only until the next read. */
    ByteBuffer header(int n) throws IOException {
        return in.take(n);
    }

    /** Fills {@code b} completely. */
    void readFully(ByteBuffer b) throws IOException {
        in.readFully(b);
    }

    /** Reads and drops {@code n} bytes (the payload of a refused request). */
    void skip(long n) throws IOException {
        in.skip(n);
    }

    /** Writes all buffers as one unit. */
    void write(ByteBuffer... buffers) throws IOException {
        out.write(buffers);
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // already gone; nothing to release
        }
    }
}
