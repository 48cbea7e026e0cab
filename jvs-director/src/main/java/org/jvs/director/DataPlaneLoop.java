package org.jvs.director;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jvs.ipvs.conn.IpvsCore;

/**
 * The thread that owns the connection table: each duty cycle it handles packets, runs
 * control-plane requests against the table (listings, flushes) in bounded slices, and expires
 * connections. Packet forwarding runs on this same thread, so the table has exactly one writer.
 */
final class DataPlaneLoop implements AutoCloseable {
    /** Entries a control request may visit per duty cycle, so listings never stall packets long. */
    private static final int CONTROL_BUDGET = 65_536;

    /** The packet work of one cycle. */
    interface DutyCycle {
        /** Handles what is ready; returns how many packets. */
        int doWork(long nowNs) throws IOException;

        /** Waits briefly (about a millisecond) for work when a cycle found none. */
        void idle() throws IOException;
    }

    /** No packet I/O: the director only serves ipvsadm and expires connections. */
    static final DutyCycle NO_PACKETS = new DutyCycle() {
        @Override
        public int doWork(long nowNs) {
            return 0;
        }

        @Override
        public void idle() {
            LockSupport.parkNanos(1_000_000);
        }
    };

    private final IpvsCore core;
    private final DutyCycle packets;
    private final Consumer<Exception> onFailure;
    /**
     * How long the loop keeps looking for packets after the last one before it sleeps: a packet in
     * that window is taken without a thread wake-up, as with the kernel's busy polling, for that
     * much CPU after each burst. 0: sleep at once.
     */
    private final long busyPollNs;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param busyPollNs how long to keep looking for packets after the last one before sleeping
     * @param onFailure  told once when packet I/O fails (an interface vanished); the loop then stops
     */
    DataPlaneLoop(IpvsCore core, DutyCycle packets, long busyPollNs, Consumer<Exception> onFailure) {
        this.core = core;
        this.packets = packets;
        this.busyPollNs = busyPollNs;
        this.onFailure = onFailure;
        this.thread = Thread.ofPlatform().name("jvs-dataplane").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            long lastWork = System.nanoTime() - busyPollNs;
            while (running) {
                long now = System.nanoTime();
                int work = packets.doWork(now);
                boolean moreControl = core.runControl(now, CONTROL_BUDGET);
                core.expire(now);
                if (work > 0) {
                    lastWork = now;
                } else if (!moreControl) {
                    if (now - lastWork < busyPollNs) {
                        Thread.onSpinWait();
                    } else {
                        packets.idle();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            running = false;
            onFailure.accept(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (Thread.currentThread() != thread) {
            thread.join();
        }
    }
}
