package org.jvs.ipvs.sched;

import java.util.Arrays;
import org.jvs.ipvs.service.RealServer;

/**
 * The set of real servers lblcr replicates one destination address to (ip_vs_dest_set), newest
 * member first, with the time it last changed. Members may have been deleted from the service
 * since; they are skipped when choosing but still count as members.
 *
 * <p>Not thread-safe: the lblcr scheduler guards it with its lock.
 */
final class DestinationSet {
    private RealServer[] members = new RealServer[2];
    private int size;
    /** When a member was last added or removed. */
    private long lastModNs;

    int size() {
        return size;
    }

    long lastModNs() {
        return lastModNs;
    }

    /** Adds {@code dest} at the front unless {@code check} finds it already a member. */
    void insert(RealServer dest, boolean check, long nowNs) {
        if (check && indexOf(dest) >= 0) {
            return;
        }
        if (size == members.length) {
            members = Arrays.copyOf(members, size * 2);
        }
        System.arraycopy(members, 0, members, 1, size);
        members[0] = dest;
        size++;
        lastModNs = nowNs;
    }

    /** Removes {@code dest} if it is a member. */
    void erase(RealServer dest, long nowNs) {
        int i = indexOf(dest);
        if (i < 0) {
            return;
        }
        System.arraycopy(members, i + 1, members, i, size - i - 1);
        members[--size] = null;
        lastModNs = nowNs;
    }

    /**
     * ip_vs_dest_set_min: the member with the least weighted connection load among those not
     * overloaded and still in the service; the first such member with weight above 0 starts, and
     * ties keep the earlier one. Null when none qualifies.
     */
    RealServer leastLoaded() {
        int i = 0;
        while (i < size && !(members[i].schedulable() && members[i].available())) {
            i++;
        }
        if (i == size) {
            return null;
        }
        RealServer least = members[i];
        long loh = least.connOverhead();
        for (i++; i < size; i++) {
            RealServer d = members[i];
            if (d.overloaded()) {
                continue;
            }
            long doh = d.connOverhead();
            if (WeightedLoad.lighter(doh, d.weight(), loh, least.weight()) && d.available()) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }

    /**
     * ip_vs_dest_set_max: the member with the most weighted connection load among those with
     * weight above 0 (overloaded and deleted ones included); ties keep the earlier one. Null when
     * none qualifies.
     */
    RealServer mostLoaded() {
        int i = 0;
        while (i < size && members[i].weight() <= 0) {
            i++;
        }
        if (i == size) {
            return null;
        }
        RealServer most = members[i];
        long moh = most.connOverhead();
        for (i++; i < size; i++) {
            RealServer d = members[i];
            long doh = d.connOverhead();
            // "most is lighter than d" is the kernel's moh * w(d) < doh * w(most).
            if (WeightedLoad.lighter(moh, most.weight(), doh, d.weight()) && d.weight() > 0) {
                most = d;
                moh = doh;
            }
        }
        return most;
    }

    /** The members, newest first (a copy, for tests). */
    RealServer[] members() {
        return Arrays.copyOf(members, size);
    }

    private int indexOf(RealServer dest) {
        for (int i = 0; i < size; i++) {
            if (members[i] == dest) {
                return i;
            }
        }
        return -1;
    }
}
