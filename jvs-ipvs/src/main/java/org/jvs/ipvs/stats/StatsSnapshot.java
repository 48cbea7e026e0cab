package org.jvs.ipvs.stats;

/** Counters and rates at one instant; rates per second (bytes per second for bps). */
public record StatsSnapshot(long conns, long inPkts, long outPkts, long inBytes, long outBytes,
                            long cps, long inPps, long outPps, long inBps, long outBps) {
    public static final StatsSnapshot ZERO = new StatsSnapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
