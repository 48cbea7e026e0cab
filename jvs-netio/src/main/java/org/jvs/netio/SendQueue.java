package org.jvs.netio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Frames waiting to leave through one {@link PacketSocket}, sent together with one
 * {@code sendmmsg}. Unlike {@link PacketBatch} it owns no frame buffers: each entry points at a
 * frame where it already lies (a forwarder rewrites received frames in place), so the caller must
 * keep those bytes unchanged until {@link #flush}. Native memory only; allocates nothing after
 * construction. One thread; not thread-safe.
 */
public final class SendQueue implements AutoCloseable {
    private static final int MMSGHDR_SIZE = 64;
    private static final int IOVEC_SIZE = 16;

    private final Arena arena = Arena.ofShared();
    private final int capacity;
    private final MemorySegment headers;
    private final MemorySegment iovecs;
    private int size;

    /** @param capacity frames per system call (1..1024) */
    public SendQueue(int capacity) {
        if (capacity < 1 || capacity > 1024) {
            throw new IllegalArgumentException("capacity 1..1024 needed: " + capacity);
        }
        this.capacity = capacity;
        headers = arena.allocate((long) MMSGHDR_SIZE * capacity, 8);
        iovecs = arena.allocate((long) IOVEC_SIZE * capacity, 8);
        for (int i = 0; i < capacity; i++) {
            long h = (long) i * MMSGHDR_SIZE;
            // No address (the socket is bound), one iovec, no control data: set once, never changed.
            headers.set(ValueLayout.ADDRESS, h + 16, iovecs.asSlice((long) i * IOVEC_SIZE, IOVEC_SIZE));
            headers.set(ValueLayout.JAVA_LONG, h + 24, 1L);
        }
    }

    /** Frames queued. */
    public int size() {
        return size;
    }

    /** Whether another frame fits. */
    public boolean isFull() {
        return size == capacity;
    }

    /**
     * Queues the {@code length} bytes at {@code offset} of the native segment {@code buffer}.
     *
     * @throws IllegalStateException when full (flush first)
     */
    public void add(MemorySegment buffer, long offset, int length) {
        if (size == capacity) {
            throw new IllegalStateException("send queue full");
        }
        if (!buffer.isNative() || offset < 0 || length < 0 || offset + length > buffer.byteSize()) {
            throw new IllegalArgumentException("frame outside its native buffer: " + offset + "+" + length);
        }
        long v = (long) size * IOVEC_SIZE;
        iovecs.set(ValueLayout.JAVA_LONG, v, buffer.address() + offset);
        iovecs.set(ValueLayout.JAVA_LONG, v + 8, length);
        size++;
    }

    /**
     * Sends every queued frame out of {@code socket} and empties the queue. A frame the kernel
     * refuses (EINVAL, EMSGSIZE: a bad offload header, longer than the MTU) is skipped and the rest
     * still go; when the kernel has no room (EAGAIN, ENOBUFS) the remaining frames are dropped.
     *
     * @return how many were sent
     * @throws ErrnoException for a failure of the socket itself (ENETDOWN, ENXIO, ...); the queue is emptied anyway
     */
    public int flush(PacketSocket socket) throws ErrnoException {
        int count = size;
        size = 0;
        int sent = 0;
        int at = 0;
        while (at < count) {
            int n;
            try {
                n = socket.send(at == 0 ? headers : headers.asSlice((long) at * MMSGHDR_SIZE), count - at);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.EINVAL || e.errno() == Errno.EMSGSIZE) {
                    at++;
                    continue;
                }
                throw e;
            }
            if (n == 0) {
                break;
            }
            sent += n;
            at += n;
        }
        return sent;
    }

    /** Frees the native memory. Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
