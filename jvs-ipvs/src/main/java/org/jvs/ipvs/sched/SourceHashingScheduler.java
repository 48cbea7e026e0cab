package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvs.service.VirtualService;

/**
 * Source hashing ({@code sh}, ip_vs_sh.c): a client's source address (plus its source port with
 * {@code sh-port}) hashes to one of 256 buckets, each holding a real server; servers hold as many
 * consecutive buckets per round as their weight. A bucket whose server has weight 0 or is
 * overloaded yields no server, unless {@code sh-fallback} walks on to another bucket.
 *
 * <p>The bucket key is {@code (offset + hash_32(port + fold(saddr), 8)) & 255}. The table is rebuilt
 * on every add, delete or edit of a real server.
 *
 * <p>Thread-safety: the table is an immutable array swapped on change; {@link #schedule} reads it
 * without locks and does not allocate.
 */
public final class SourceHashingScheduler implements Scheduler {
    private static final ClientHashLookup.SlotHash SLOTS =
            (key, offset) -> (offset + KernelHash.hash32(key, BucketTable.BITS)) & BucketTable.MASK;

    private volatile RealServer[] buckets = new RealServer[BucketTable.SIZE];

    @Override
    public String name() {
        return "sh";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        boolean fallback = (service.config().flags() & ServiceFlags.SCHED_FALLBACK) != 0;
        return ClientHashLookup.find(buckets, SLOTS, ClientHashLookup.clientKey(service, packet), fallback);
    }

    @Override
    public void onDestinationsChanged(VirtualService service) {
        buckets = BucketTable.assign(service.destinations(), true);
    }

    /** The server of each bucket (a copy), for tests. */
    RealServer[] buckets() {
        return buckets.clone();
    }
}
