package org.jvs.ipvs.conn;

import java.util.Arrays;
import org.jvs.ipvs.service.RealServer;

/**
 * Compact int ids for the real servers that connection entries point to, so an entry holds 4
 * bytes instead of a reference. An id lives while entries use it (like the kernel's dest refcnt:
 * a deleted real server stays reachable from its connections) and is reused afterwards.
 * The reverse map is an identity-keyed open-addressing table, so binding never allocates.
 *
 * <p>Not thread-safe: owned by the table's data-plane thread.
 */
final class DestRegistry {
    private RealServer[] byId = new RealServer[16];
    private int[] refs = new int[16];
    private int[] freeIds = new int[16];
    private int freeCount;
    private int nextId;

    private RealServer[] keys = new RealServer[32];
    private int[] ids = new int[32];
    private int used;

    /** The id of {@code dest}, assigned on first use; counts one more reference. */
    int acquire(RealServer dest) {
        int mask = keys.length - 1;
        int i = slot(dest, mask);
        for (RealServer k; (k = keys[i]) != null; i = (i + 1) & mask) {
            if (k == dest) {
                refs[ids[i]]++;
                return ids[i];
            }
        }
        int id = freeCount > 0 ? freeIds[--freeCount] : nextId++;
        if (id >= byId.length) {
            byId = Arrays.copyOf(byId, byId.length * 2);
            refs = Arrays.copyOf(refs, refs.length * 2);
        }
        byId[id] = dest;
        refs[id] = 1;
        keys[i] = dest;
        ids[i] = id;
        if (++used * 2 > keys.length) {
            grow();
        }
        return id;
    }

    /** Drops one reference; the id is freed when none is left. */
    void release(int id) {
        if (--refs[id] > 0) {
            return;
        }
        RealServer dest = byId[id];
        byId[id] = null;
        if (freeCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, freeIds.length * 2);
        }
        freeIds[freeCount++] = id;
        remove(dest);
    }

    RealServer get(int id) {
        return byId[id];
    }

    /** How many distinct real servers are referenced (for tests and metrics). */
    int size() {
        return used;
    }

    private static int slot(RealServer dest, int mask) {
        return (System.identityHashCode(dest) * 0x9E37_79B9) >>> 7 & mask;
    }

    private void remove(RealServer dest) {
        int mask = keys.length - 1;
        int i = slot(dest, mask);
        while (keys[i] != dest) {
            i = (i + 1) & mask;
        }
        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            // Movable when its home is not cyclically inside (hole, j].
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                ids[hole] = ids[j];
                hole = j;
            }
        }
        keys[hole] = null;
        used--;
    }

    private void grow() {
        RealServer[] oldKeys = keys;
        int[] oldIds = ids;
        keys = new RealServer[oldKeys.length * 2];
        ids = new int[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = slot(oldKeys[j], mask);
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                ids[i] = oldIds[j];
            }
        }
    }
}
