package org.jvs.director;

import java.util.concurrent.locks.LockSupport;
import org.jvs.ipvs.conn.IpvsCore;

/**
 * The thread that owns the connection table: it expires connections and runs control-plane
 * requests against the table (listings, flushes) between packets. The packet forwarders run
 * their duty cycle on this same thread, so the table has exactly one writer.
 */
final class DataPlaneLoop implements AutoCloseable {
    /** Entries a control request may visit per duty cycle, so listings never stall packets long. */
    private static final int CONTROL_BUDGET = 65_536;
    /** How long the loop sleeps when a cycle found nothing to do. */
    private static final long IDLE_PARK_NS = 1_000_000;

    /** One unit of packet work per cycle; returns how many packets it handled. */
    interface DutyCycle {
        int doWork(long nowNs);
    }

    private final IpvsCore core;
    private final DutyCycle packets;
    private final Thread thread;
    private volatile boolean running = true;

    DataPlaneLoop(IpvsCore core, DutyCycle packets) {
        this.core = core;
        this.packets = packets;
        this.thread = Thread.ofPlatform().name("jvs-dataplane").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            long now = System.nanoTime();
            int work = packets.doWork(now);
            boolean moreControl = core.runControl(now, CONTROL_BUDGET);
            core.expire(now);
            if (work == 0 && !moreControl) {
                LockSupport.parkNanos(IDLE_PARK_NS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
