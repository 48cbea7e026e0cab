package org.jvs.ipvs.sched;

import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.service.RealServer;

/**
 * The cache behind lblc and lblcr: destination address → entry, in 1024 hash buckets
 * ({@code hash_32(fold(daddr), 10)}, CONFIG_IP_VS_LBLC_TAB_BITS), with the kernel's garbage
 * collection. At most {@value #MAX_SIZE} entries are created. A collection tick runs every
 * 60 s: every 30th tick deletes all entries unused for the expiration time (sysctl
 * {@code lblc_expiration}/{@code lblcr_expiration}, 24 h by default); the other ticks, only when
 * the table is over its maximum, delete entries unused for 6 min, bucket by bucket from a roving
 * position, until 4/3 of the excess (at most half the maximum) is gone.
 *
 * <p>Times are monotonic nanoseconds passed in. The tick is armed by the first time seen (the
 * kernel arms it when the service is created) and re-armed 60 s after each tick ran.
 *
 * <p>Not thread-safe: the owning scheduler guards it with its lock.
 *
 * @param <E> the scheduler's entry type
 */
final class LocalityTable<E extends LocalityTable.Entry> {
    private static final int BITS = 10;
    private static final int SIZE = 1 << BITS;
    static final int MAX_SIZE = SIZE * 16;
    /** DEFAULT_EXPIRATION: the sysctls' default, 24 hours. */
    static final long DEFAULT_EXPIRATION_NS = 24 * 60 * 60 * 1_000_000_000L;
    private static final long CHECK_EXPIRE_INTERVAL_NS = 60 * 1_000_000_000L;
    /** How long an entry must be unused before a collection over the maximum may delete it. */
    private static final long ENTRY_TIMEOUT_NS = 6 * 60 * 1_000_000_000L;
    private static final int MASK = SIZE - 1;
    private static final int COUNT_FOR_FULL_EXPIRATION = 30;

    /** One cached destination address; subclasses add what it maps to. */
    abstract static class Entry {
        private final AddressFamily family;
        private final long hi;
        private final long lo;
        private final int bucket;
        /** When a packet for this address was last scheduled. */
        long lastUseNs;
        private Entry next;

        Entry(PacketKey packet) {
            this.family = packet.family;
            this.hi = packet.dstHi;
            this.lo = packet.dstLo;
            this.bucket = bucket(packet.dstFold());
            this.lastUseNs = packet.nowNs;
        }

        private boolean matches(PacketKey p) {
            return lo == p.dstLo && hi == p.dstHi && family == p.family;
        }
    }

    private final Entry[] buckets = new Entry[SIZE];
    private final long expirationNs;
    private int entries;
    private int rover;
    private int counter = 1;
    private boolean armed;
    private long tickDueNs;

    /** @param expirationNs how long an unused entry survives the full check (the sysctl) */
    LocalityTable(long expirationNs) {
        this.expirationNs = expirationNs;
    }

    long expirationNs() {
        return expirationNs;
    }

    /** The entry for the packet's destination address, or null. Does not allocate. */
    @SuppressWarnings("unchecked")
    E get(PacketKey p) {
        for (Entry e = buckets[bucket(p.dstFold())]; e != null; e = e.next) {
            if (e.matches(p)) {
                return (E) e;
            }
        }
        return null;
    }

    /** Whether the table refuses new entries: it holds more than {@value #MAX_SIZE}. */
    boolean full() {
        return entries > MAX_SIZE;
    }

    /** Adds {@code e} at the head of its bucket. */
    void insert(E added) {
        Entry e = added;
        int b = e.bucket;
        e.next = buckets[b];
        buckets[b] = e;
        entries++;
    }

    /** Removes {@code e}, which must be in the table. */
    void remove(E removed) {
        Entry e = removed;
        int b = e.bucket;
        if (buckets[b] == e) {
            buckets[b] = e.next;
        } else {
            Entry prev = buckets[b];
            while (prev.next != e) {
                prev = prev.next;
            }
            prev.next = e.next;
        }
        e.next = null;
        entries--;
    }

    int size() {
        return entries;
    }

    /** Starts the collection tick at the first time seen; later calls do nothing. */
    void arm(long nowNs) {
        if (!armed) {
            armed = true;
            tickDueNs = nowNs + CHECK_EXPIRE_INTERVAL_NS;
        }
    }

    /** Runs the collection tick if it is due (ip_vs_lblc_check_expire). */
    void housekeep(long nowNs) {
        if (!armed) {
            arm(nowNs);
            return;
        }
        if (nowNs - tickDueNs < 0) {
            return;
        }
        tick(nowNs);
        tickDueNs = nowNs + CHECK_EXPIRE_INTERVAL_NS;
    }

    private void tick(long nowNs) {
        if (counter % COUNT_FOR_FULL_EXPIRATION == 0) {
            expireBuckets(nowNs, expirationNs, Integer.MAX_VALUE);
            counter = 1;
            return;
        }
        if (entries <= MAX_SIZE) {
            counter++;
            return;
        }
        int goal = Math.min((entries - MAX_SIZE) * 4 / 3, MAX_SIZE / 2);
        expireBuckets(nowNs, ENTRY_TIMEOUT_NS, goal);
    }

    /**
     * Walks the buckets from the one after the rover, deleting entries unused for
     * {@code unusedNs}, and stops after the bucket in which {@code goal} deletions were reached.
     */
    private void expireBuckets(long nowNs, long unusedNs, int goal) {
        int j = rover;
        for (int i = 0; i < SIZE; i++) {
            j = (j + 1) & MASK;
            Entry prev = null;
            Entry e = buckets[j];
            while (e != null) {
                Entry next = e.next;
                if (nowNs - e.lastUseNs >= unusedNs) {
                    if (prev == null) {
                        buckets[j] = next;
                    } else {
                        prev.next = next;
                    }
                    e.next = null;
                    entries--;
                    goal--;
                } else {
                    prev = e;
                }
                e = next;
            }
            if (goal <= 0) {
                break;
            }
        }
        rover = j;
    }

    /**
     * lblc's and lblcr's own notion of an overloaded server: more active connections than its
     * weight while some server of the service is below half of its own weight.
     */
    static boolean overloaded(RealServer dest, RealServer[] dests) {
        if (dest.activeConns() > dest.weight()) {
            for (RealServer d : dests) {
                if ((long) d.activeConns() * 2 < d.weight()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int bucket(int fold) {
        return KernelHash.hash32(fold, BITS);
    }
}
