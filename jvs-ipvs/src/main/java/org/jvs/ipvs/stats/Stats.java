package org.jvs.ipvs.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Traffic counters of one service, one real server or the whole table (ip_vs_stats): connections,
 * packets and bytes in and out, plus the kernel's 2-second rate estimator behind {@code --rate}.
 *
 * <p>Counters have one writer, the data-plane thread that owns the connection table, so they are
 * advanced with opaque stores rather than atomic read-modify-writes (which cost a locked
 * instruction per packet); other threads read them. The estimator is advanced by one housekeeping
 * thread every 2 s ({@link #estimate()}).
 */
public final class Stats {
    private static final VarHandle CONNS;
    private static final VarHandle IN_PKTS;
    private static final VarHandle OUT_PKTS;
    private static final VarHandle IN_BYTES;
    private static final VarHandle OUT_BYTES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CONNS = l.findVarHandle(Stats.class, "conns", long.class);
            IN_PKTS = l.findVarHandle(Stats.class, "inPkts", long.class);
            OUT_PKTS = l.findVarHandle(Stats.class, "outPkts", long.class);
            IN_BYTES = l.findVarHandle(Stats.class, "inBytes", long.class);
            OUT_BYTES = l.findVarHandle(Stats.class, "outBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long conns;
    private long inPkts;
    private long outPkts;
    private long inBytes;
    private long outBytes;

    // Estimator state, touched only by the estimating thread, published through volatile rates.
    private long lastConns;
    private long lastInPkts;
    private long lastOutPkts;
    private long lastInBytes;
    private long lastOutBytes;
    // Scaled averages exactly as ip_vs_est.c keeps them: cps/pps << 10, bps << 5.
    private volatile long cpsScaled;
    private volatile long inPpsScaled;
    private volatile long outPpsScaled;
    private volatile long inBpsScaled;
    private volatile long outBpsScaled;

    /** Counts one new connection. Data-plane thread only. */
    public void addConnection() {
        CONNS.setOpaque(this, (long) CONNS.getOpaque(this) + 1L);
    }

    /** Counts (data-plane thread only) one client-to-server packet of {@code bytes} bytes (IP length). */
    public void addIn(long bytes) {
        IN_PKTS.setOpaque(this, (long) IN_PKTS.getOpaque(this) + 1L);
        IN_BYTES.setOpaque(this, (long) IN_BYTES.getOpaque(this) + bytes);
    }

    /** Counts (data-plane thread only) one server-to-client packet of {@code bytes} bytes (IP length). */
    public void addOut(long bytes) {
        OUT_PKTS.setOpaque(this, (long) OUT_PKTS.getOpaque(this) + 1L);
        OUT_BYTES.setOpaque(this, (long) OUT_BYTES.getOpaque(this) + bytes);
    }

    /**
     * Advances the rate estimator by one 2-second tick: avg += (rate - avg) / 4, the kernel's
     * "rate over the last 8 seconds". Call exactly every 2 s from one thread.
     */
    public void estimate() {
        long n = (long) CONNS.getOpaque(this);
        cpsScaled += (((n - lastConns) << 9) - cpsScaled) >> 2;
        lastConns = n;
        n = (long) IN_PKTS.getOpaque(this);
        inPpsScaled += (((n - lastInPkts) << 9) - inPpsScaled) >> 2;
        lastInPkts = n;
        n = (long) OUT_PKTS.getOpaque(this);
        outPpsScaled += (((n - lastOutPkts) << 9) - outPpsScaled) >> 2;
        lastOutPkts = n;
        n = (long) IN_BYTES.getOpaque(this);
        inBpsScaled += (((n - lastInBytes) << 4) - inBpsScaled) >> 2;
        lastInBytes = n;
        n = (long) OUT_BYTES.getOpaque(this);
        outBpsScaled += (((n - lastOutBytes) << 4) - outBpsScaled) >> 2;
        lastOutBytes = n;
    }

    /** Zeroes counters and rates ({@code ipvsadm -Z}); the estimator restarts from the zeroed counters. */
    public void zero() {
        CONNS.setOpaque(this, 0L);
        IN_PKTS.setOpaque(this, 0L);
        OUT_PKTS.setOpaque(this, 0L);
        IN_BYTES.setOpaque(this, 0L);
        OUT_BYTES.setOpaque(this, 0L);
        lastConns = 0;
        lastInPkts = 0;
        lastOutPkts = 0;
        lastInBytes = 0;
        lastOutBytes = 0;
        cpsScaled = 0;
        inPpsScaled = 0;
        outPpsScaled = 0;
        inBpsScaled = 0;
        outBpsScaled = 0;
    }

    /** A consistent-enough copy of the counters and rounded rates, as ip_vs_read_estimator reports them. */
    public StatsSnapshot snapshot() {
        return new StatsSnapshot((long) CONNS.getOpaque(this), (long) IN_PKTS.getOpaque(this),
                (long) OUT_PKTS.getOpaque(this), (long) IN_BYTES.getOpaque(this), (long) OUT_BYTES.getOpaque(this),
                (cpsScaled + 0x1FF) >> 10, (inPpsScaled + 0x1FF) >> 10, (outPpsScaled + 0x1FF) >> 10,
                (inBpsScaled + 0xF) >> 5, (outBpsScaled + 0xF) >> 5);
    }
}
