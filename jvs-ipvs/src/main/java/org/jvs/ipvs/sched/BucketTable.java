package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;

/**
 * The 256-bucket table of real servers behind the sh and dh schedulers
 * (CONFIG_IP_VS_SH_TAB_BITS = CONFIG_IP_VS_DH_TAB_BITS = 8), filled as ip_vs_sh_reassign and
 * ip_vs_dh_reassign fill it. Stateless; the arrays it returns are never modified afterwards, so
 * schedulers publish them through a volatile field and read them without locks.
 */
final class BucketTable {
    static final int BITS = 8;
    static final int SIZE = 1 << BITS;
    static final int MASK = SIZE - 1;

    private BucketTable() {
    }

    /**
     * Assigns the buckets 0..255 round-robin over {@code dests} in kernel list order, wrapping
     * around the list. With {@code byWeight} (sh) a server keeps consecutive buckets until it holds
     * as many as its current weight; a weight of 0 still takes one bucket per round, as the kernel's
     * {@code ++d_count >= weight} test lets it. Without (dh) every server takes one bucket per round.
     * An empty list leaves every bucket null.
     */
    static RealServer[] assign(RealServer[] dests, boolean byWeight) {
        RealServer[] buckets = new RealServer[SIZE];
        if (dests.length == 0) {
            return buckets;
        }
        int p = 0;
        int held = 0;
        for (int i = 0; i < SIZE; i++) {
            RealServer d = dests[p];
            buckets[i] = d;
            if (!byWeight || ++held >= d.weight()) {
                p = p + 1 == dests.length ? 0 : p + 1;
                held = 0;
            }
        }
        return buckets;
    }
}
