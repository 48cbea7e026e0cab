package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;

/**
 * The weighted-load rule of the least-connection family (wlc, sed, nq, lblc, lblcr, twos): a
 * server's load is its overhead divided by its weight, compared without division by cross
 * multiplication in 64 bits, as the kernel does, so that a weight of 0 is never lighter than
 * anything. Two overheads exist: connections (active × 256 + inactive, {@link RealServer#connOverhead})
 * and the expected delay of sed and nq (active + 1). Stateless; does not allocate.
 */
final class WeightedLoad {

    private WeightedLoad() {
    }

    /** sed/nq's expected delay of one more connection: active connections + 1. */
    static long expectedDelay(RealServer d) {
        return d.activeConns() + 1L;
    }

    /**
     * Whether a server with {@code overhead}/{@code weight} is strictly lighter than the current
     * least loaded one ({@code leastOverhead}/{@code leastWeight}): {@code loh × w > doh × lw}.
     * Ties keep the current one, so the first minimum in list order wins.
     */
    static boolean lighter(long overhead, int weight, long leastOverhead, int leastWeight) {
        return leastOverhead * weight > overhead * leastWeight;
    }

    /**
     * ip_vs_wlc_schedule (also lblc's and lblcr's fallback): the first server with weight > 0 that is
     * not overloaded starts as the least loaded; each later server that is not overloaded replaces
     * it when strictly lighter. Null when no server qualifies.
     */
    static RealServer leastConnections(RealServer[] dests) {
        return least(dests, false);
    }

    /** ip_vs_sed_schedule: as {@link #leastConnections} with the expected-delay overhead. */
    static RealServer shortestExpectedDelay(RealServer[] dests) {
        return least(dests, true);
    }

    private static RealServer least(RealServer[] dests, boolean expectedDelay) {
        int i = 0;
        while (i < dests.length && !dests[i].schedulable()) {
            i++;
        }
        if (i == dests.length) {
            return null;
        }
        RealServer least = dests[i];
        long loh = overhead(least, expectedDelay);
        for (i++; i < dests.length; i++) {
            RealServer d = dests[i];
            if (d.overloaded()) {
                continue;
            }
            long doh = overhead(d, expectedDelay);
            if (lighter(doh, d.weight(), loh, least.weight())) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }

    private static long overhead(RealServer d, boolean expectedDelay) {
        return expectedDelay ? expectedDelay(d) : d.connOverhead();
    }
}
