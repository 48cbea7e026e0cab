package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * Destination hashing ({@code dh}, ip_vs_dh.c): the packet's destination address hashes to one of
 * 256 buckets, {@code hash_32(fold(daddr), 8)}, filled with the real servers one bucket each in
 * turn (weights do not shape the table). A bucket whose server was deleted, has weight 0 or is
 * overloaded yields no server; there is no fallback.
 *
 * <p>The kernel rebuilds the table only when a server is added or deleted, never on an edit; since
 * the fill ignores weights, rebuilding on every change gives the same table.
 *
 * <p>Thread-safety: the table is an immutable array swapped on change; {@link #schedule} reads it
 * without locks and does not allocate.
 */
public final class DestinationHashingScheduler implements Scheduler {
    private volatile RealServer[] buckets = new RealServer[BucketTable.SIZE];

    @Override
    public String name() {
        return "dh";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        RealServer dest = buckets[KernelHash.hash32(packet.dstFold(), BucketTable.BITS)];
        if (dest == null || !dest.available() || !dest.schedulable()) {
            return null;
        }
        return dest;
    }

    @Override
    public void onDestinationsChanged(VirtualService service) {
        buckets = BucketTable.assign(service.destinations(), false);
    }

    /** The server of each bucket (a copy), for tests. */
    RealServer[] buckets() {
        return buckets.clone();
    }
}
