package org.jvs.drbd.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes messages (each a few buffers) to one stream socket for many threads, batching them: a
 * message is queued, and whichever thread finds the socket free writes everything queued so far in
 * gathering writes (one system call for many messages, as TCP_CORK would batch them) while the
 * others wait or go on with other work. Messages go out whole and in queue order. After a write
 * fails, every queued and later message fails with the same error. Thread-safe.
 */
public final class BatchingWriter {
    /** Buffers handed to one gathering write (Linux's IOV_MAX is 1024). */
    private static final int MAX_BUFFERS = 256;

    /** A queued message; {@link #await()} returns once all of it is in the socket. */
    public static final class Ticket {
        private final ByteBuffer[] parts;
        private volatile boolean done;
        private volatile IOException error;
        private volatile Thread waiter;

        private Ticket(ByteBuffer[] parts) {
            this.parts = parts;
        }

        private void complete(IOException e) {
            error = e;
            done = true;
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    private final GatheringByteChannel channel;
    private final ConcurrentLinkedQueue<Ticket> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    private final List<Ticket> batch = new ArrayList<>();
    private final ByteBuffer[] iov = new ByteBuffer[MAX_BUFFERS];
    private volatile IOException failure;
    private volatile long bytesWritten;

    /** Writes to {@code channel} (blocking mode). */
    public BatchingWriter(GatheringByteChannel channel) {
        this.channel = channel;
    }

    /** Queues a message without writing it; it goes out with the next {@link #drain()} of any thread. */
    public Ticket enqueue(ByteBuffer... parts) {
        if (parts.length > MAX_BUFFERS) {
            throw new IllegalArgumentException(parts.length + " buffers in one message");
        }
        Ticket t = new Ticket(parts);
        queue.add(t);
        IOException f = failure;
        if (f != null) {
            // the socket is dead: fail whatever is still queued, this message included
            failQueued(f);
        }
        return t;
    }

    /** Queues a message and returns once it is in the socket. */
    public void write(ByteBuffer... parts) throws IOException {
        await(enqueue(parts));
    }

    /** Writes what is queued unless another thread is writing already (it will write it). */
    public void drain() throws IOException {
        while (!queue.isEmpty() && writing.tryLock()) {
            try {
                writeQueued();
            } finally {
                writing.unlock();
            }
            // a message queued after the last poll and before the unlock is seen by this check
        }
        IOException f = failure;
        if (f != null) {
            throw f;
        }
    }

    /** Waits until {@code t} is in the socket, writing the queue meanwhile when the socket is free. */
    public void await(Ticket t) throws IOException {
        t.waiter = Thread.currentThread();
        while (!t.done) {
            drain();
            if (!t.done) {
                // the writer holding the lock unparks us when our message is out
                LockSupport.parkNanos(this, 1_000_000);
            }
        }
        if (t.error != null) {
            throw new IOException(t.error.getMessage(), t.error);
        }
    }

    /** Payload bytes written so far. */
    public long bytesWritten() {
        return bytesWritten;
    }

    private void writeQueued() {
        Ticket t;
        while ((t = queue.peek()) != null) {
            batch.clear();
            int n = 0;
            long total = 0;
            while (t != null && (n == 0 || n + t.parts.length <= MAX_BUFFERS)) {
                queue.poll();
                batch.add(t);
                for (ByteBuffer b : t.parts) {
                    iov[n++] = b;
                    total += b.remaining();
                }
                t = queue.peek();
            }
            IOException error = null;
            try {
                long left = total;
                int first = 0;
                while (left > 0) {
                    left -= channel.write(iov, first, n - first);
                    while (first < n && !iov[first].hasRemaining()) {
                        first++;
                    }
                }
                bytesWritten += total;
            } catch (IOException e) {
                error = e;
                failure = e;
            }
            java.util.Arrays.fill(iov, 0, n, null);
            for (Ticket done : batch) {
                done.complete(error);
            }
            if (error != null) {
                failQueued(error);
                return;
            }
        }
    }

    private void failQueued(IOException e) {
        Ticket t;
        while ((t = queue.poll()) != null) {
            t.complete(e);
        }
    }
}
