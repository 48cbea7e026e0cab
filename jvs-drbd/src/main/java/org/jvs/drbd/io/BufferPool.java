package org.jvs.drbd.io;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers for request payloads, reused: a payload read from a socket into a direct buffer
 * goes to the backing file and to the peer without the JDK copying it through a temporary direct
 * buffer at each step, and reuse spares the allocation and zeroing of a fresh one per request.
 * Sizes are rounded up to powers of two from 4 KiB to 1 MiB; larger requests get a heap buffer.
 * Each size keeps at most 32 MiB of idle buffers. Thread-safe.
 */
public final class BufferPool {
    private static final int MIN_SHIFT = 12;
    private static final int MAX_SHIFT = 20;
    private static final int IDLE_BYTES_PER_SIZE = 32 << 20;
    @SuppressWarnings("unchecked")
    private final ArrayBlockingQueue<ByteBuffer>[] idle = new ArrayBlockingQueue[MAX_SHIFT - MIN_SHIFT + 1];

    /** An empty pool. */
    public BufferPool() {
        for (int s = MIN_SHIFT; s <= MAX_SHIFT; s++) {
            idle[s - MIN_SHIFT] = new ArrayBlockingQueue<>(IDLE_BYTES_PER_SIZE >> s);
        }
    }

    /** A buffer with position 0 and limit {@code size}; give it back with {@link #release}. */
    public ByteBuffer take(int size) {
        int shift = shift(size);
        if (shift > MAX_SHIFT) {
            return ByteBuffer.allocate(size);
        }
        ByteBuffer b = idle[shift - MIN_SHIFT].poll();
        if (b == null) {
            b = ByteBuffer.allocateDirect(1 << shift);
        }
        return b.clear().limit(size);
    }

    /** Returns a buffer from {@link #take}; it must not be used afterwards. */
    public void release(ByteBuffer b) {
        if (b.isDirect()) {
            idle[shift(b.capacity()) - MIN_SHIFT].offer(b);
        }
    }

    private static int shift(int size) {
        return Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(Math.max(size, 1) - 1));
    }
}
