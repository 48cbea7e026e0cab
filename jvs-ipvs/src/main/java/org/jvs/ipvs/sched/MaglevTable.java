package org.jvs.ipvs.sched;

import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.RealServer;

/**
 * The Maglev lookup table of the mh scheduler (ip_vs_mh.c, after Eisenbud et al., NSDI 2016 §3.4)
 * with the kernel's default size and fixed hash keys, so that a jvs director and a Linux director
 * with the same real servers map every client to the same server.
 *
 * <p>Each server gets a preference order of the slots, {@code offset + j × skip (mod M)}, derived
 * from its address and port; the servers then take turns claiming their next free preferred slot
 * until all M slots are owned. Weights come from each server's last non-zero weight, so a
 * quiesced server (weight 0) keeps its slots. Stateless and thread-safe.
 */
final class MaglevTable {
    /** Slots: primes[CONFIG_IP_VS_MH_TAB_INDEX - 8] with the default index 12. */
    static final int SIZE = 4093;
    /** IP_VS_MH_TAB_BITS = CONFIG_IP_VS_MH_TAB_INDEX / 2: weights are scaled to about this many bits. */
    private static final int WEIGHT_BITS = 6;
    /** The fixed hsiphash keys of generate_hash_secret (both words of each key are equal). */
    private static final long OFFSET_KEY = 2654435761L;
    private static final long SKIP_KEY = 2654446892L;

    private MaglevTable() {
    }

    /**
     * Builds the table for {@code dests} (kernel list order) of a service of {@code family}.
     * Every slot is null when no server has a non-zero last weight.
     *
     * @throws IpvsException EINVAL when there are more servers than slots
     */
    static RealServer[] populate(AddressFamily family, RealServer[] dests) throws IpvsException {
        int n = dests.length;
        if (n > SIZE) {
            throw new IpvsException(Errno.EINVAL, "mh: " + n + " real servers exceed the " + SIZE + " table slots");
        }
        RealServer[] lookup = new RealServer[SIZE];
        int gcd = WeightGcd.of(dests, true);
        if (gcd < 1) {
            return lookup;
        }
        int rshift = weightShift(dests, gcd);
        int[] next = new int[n];
        int[] skip = new int[n];
        int[] turns = new int[n];
        for (int i = 0; i < n; i++) {
            int key = destKey(family, dests[i]);
            next[i] = Integer.remainderUnsigned(KernelHash.hsiphash(key, OFFSET_KEY, OFFSET_KEY), SIZE);
            skip[i] = Integer.remainderUnsigned(KernelHash.hsiphash(key, SKIP_KEY, SKIP_KEY), SIZE - 1) + 1;
            int lw = dests[i].lastWeight();
            int t = (lw / gcd) >> rshift;
            // A small weight that the shift rounds to 0 still gets one turn; a never-weighted server none.
            turns[i] = t != 0 ? t : (lw != 0 ? 1 : 0);
        }
        boolean[] taken = new boolean[SIZE];
        int filled = 0;
        int held = 0;
        // gcd >= 1 means some server has turns, so every round claims at least one slot.
        while (true) {
            int i = 0;
            while (i < n) {
                if (turns[i] < 1) {
                    i++;
                    continue;
                }
                int c = next[i];
                while (taken[c]) {
                    c = next[i] + skip[i];
                    if (c >= SIZE) {
                        c -= SIZE;
                    }
                    next[i] = c;
                }
                taken[c] = true;
                lookup[c] = dests[i];
                if (++filled == SIZE) {
                    return lookup;
                }
                if (++held >= turns[i]) {
                    held = 0;
                    i++;
                }
            }
        }
    }

    /** The slot of a client key (source fold plus optional port) displaced by {@code offset}. */
    static int slot(int key, int offset) {
        return Integer.remainderUnsigned(KernelHash.hsiphash(key + offset, OFFSET_KEY, OFFSET_KEY), SIZE);
    }

    /** What a server's permutation is hashed from: its address fold plus its port, host order. */
    static int destKey(AddressFamily family, RealServer dest) {
        return KernelHash.fold(family, dest.address()) + dest.port();
    }

    /** fls(max last weight / gcd) - 6, at least 0: keeps turns within about 6 bits. */
    private static int weightShift(RealServer[] dests, int gcd) {
        int max = 0;
        for (RealServer d : dests) {
            max = Math.max(max, d.lastWeight());
        }
        int fls = 32 - Integer.numberOfLeadingZeros(max / gcd);
        return Math.max(0, fls - WEIGHT_BITS);
    }
}
