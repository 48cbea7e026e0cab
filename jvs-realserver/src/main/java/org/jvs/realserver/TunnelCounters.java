package org.jvs.realserver;

import java.util.StringJoiner;

/**
 * What the tunnel endpoint did: inner packets handed to the kernel, and tunnel packets dropped by
 * reason. Written by the receiving thread only, without allocating; read it once that thread has
 * stopped (the figures are logged at stop).
 */
final class TunnelCounters {
    private final long[] drops = new long[DropReason.values().length];
    private long delivered;

    /** Counts one inner packet written to the TUN device. */
    void countDelivery() {
        delivered++;
    }

    /** Counts one tunnel packet dropped for {@code reason}. */
    void countDrop(DropReason reason) {
        drops[reason.ordinal()]++;
    }

    /** Inner packets written to the TUN device. */
    long delivered() {
        return delivered;
    }

    /** Tunnel packets dropped for {@code reason}. */
    long drops(DropReason reason) {
        return drops[reason.ordinal()];
    }

    /** One line for the log, e.g. {@code "delivered 12 packets; dropped: FRAGMENT 1"}. */
    String summary() {
        StringJoiner dropped = new StringJoiner(", ", "; dropped: ", "").setEmptyValue("");
        for (DropReason r : DropReason.values()) {
            if (drops[r.ordinal()] != 0) {
                dropped.add(r + " " + drops[r.ordinal()]);
            }
        }
        return "delivered " + delivered + " packets" + dropped;
    }
}
