package org.jvs.ipvs.conn;

import java.util.Arrays;

/**
 * A hierarchical timer wheel over connection handles (four levels of 256 slots, ticks of 2^20 ns
 * ≈ 1.05 ms, reach ≈ 52 days), the equivalent of the kernel's per-connection timers. Entries are
 * doubly linked through their own fields, so filing and removal are O(1) and nothing is allocated.
 *
 * <p>Deadlines may be pushed later without touching the wheel (every packet does so): when a slot
 * comes due, an entry whose deadline has moved is filed again instead of expired, so each entry is
 * re-examined O(levels) times per deadline. A deadline moved earlier must be {@link #reschedule}d.
 *
 * <p>Not thread-safe: owned by the table's data-plane thread.
 */
final class ExpiryWheel {
    static final int TICK_SHIFT = 20;
    private static final int LEVEL_BITS = 8;
    private static final int SLOTS = 1 << LEVEL_BITS;
    private static final int SLOT_MASK = SLOTS - 1;
    private static final int LEVELS = 4;
    private static final long MAX_DELTA = 1L << (LEVEL_BITS * LEVELS);

    /** Called for an entry whose deadline has passed; it may file the entry again or free it. */
    interface Expirer {
        void onTimer(int handle, long nowNs);
    }

    private final ConnectionStore store;
    private final int[] heads = new int[LEVELS * SLOTS];
    private final int[] levelCounts = new int[LEVELS];
    private int size;
    /** The first tick whose level-0 slot has not been fully processed. */
    private long nextTick;
    /** Whether {@link #nextTick} has been set from a clock reading (monotonic clocks may be negative). */
    private boolean started;

    ExpiryWheel(ConnectionStore store) {
        this.store = store;
        Arrays.fill(heads, -1);
    }

    boolean isFiled(int h) {
        return store.get(h, ConnectionStore.F_WSLOT) >= 0;
    }

    /** Files an unfiled entry by its current deadline; an empty wheel first moves to {@code nowNs}. */
    void schedule(int h, long nowNs) {
        if (size == 0) {
            // Nothing is filed relative to the old position, so move to the present (never back).
            long nowTick = nowNs >> TICK_SHIFT;
            nextTick = started ? Math.max(nextTick, nowTick) : nowTick;
            started = true;
        }
        file(h);
    }

    /** Files the entry again after its deadline moved earlier. */
    void reschedule(int h) {
        unlink(h);
        file(h);
    }

    /** Takes the entry out of the wheel if it is filed. */
    void unlink(int h) {
        int slot = store.get(h, ConnectionStore.F_WSLOT);
        if (slot < 0) {
            return;
        }
        int prev = store.get(h, ConnectionStore.F_WPREV);
        int next = store.get(h, ConnectionStore.F_WNEXT);
        if (prev >= 0) {
            store.set(prev, ConnectionStore.F_WNEXT, next);
        } else {
            heads[slot] = next;
        }
        if (next >= 0) {
            store.set(next, ConnectionStore.F_WPREV, prev);
        }
        store.set(h, ConnectionStore.F_WSLOT, -1);
        levelCounts[slot >>> LEVEL_BITS]--;
        size--;
    }

    /**
     * Runs the wheel up to {@code nowNs}: every entry whose deadline is at or before it is handed to
     * {@code expirer}, exactly (the tick containing {@code nowNs} is examined entry by entry).
     * Empty stretches are skipped, so a large clock step costs O(levels × slots), not O(ticks).
     */
    void advance(long nowNs, Expirer expirer) {
        long target = nowNs >> TICK_SHIFT;
        if (!started) {
            nextTick = target;
            started = true;
        }
        while (nextTick <= target) {
            if (size == 0) {
                nextTick = target;
                return;
            }
            long t = nextTick;
            if ((t & SLOT_MASK) == 0) {
                cascade(t);
            }
            if (levelCounts[0] == 0) {
                if (t == target) {
                    return;
                }
                // Nothing can come due before the next cascade of the lowest occupied level.
                int shift = levelCounts[1] > 0 ? LEVEL_BITS : levelCounts[2] > 0 ? 2 * LEVEL_BITS : 3 * LEVEL_BITS;
                nextTick = Math.min(((t >> shift) + 1) << shift, target);
                continue;
            }
            int slot = (int) t & SLOT_MASK;
            if (t < target) {
                nextTick = t + 1;
                int h;
                while ((h = heads[slot]) >= 0) {
                    unlink(h);
                    if (store.expiresAt(h) <= nowNs) {
                        expirer.onTimer(h, nowNs);
                    } else {
                        file(h);
                    }
                }
            } else {
                // The current tick is only partly over: take what is due, leave the rest filed.
                // The expirer touches only the entry it is given, so the saved next stays valid.
                for (int h = heads[slot]; h >= 0; ) {
                    int next = store.get(h, ConnectionStore.F_WNEXT);
                    if (store.expiresAt(h) <= nowNs) {
                        unlink(h);
                        expirer.onTimer(h, nowNs);
                    }
                    h = next;
                }
                return;
            }
        }
    }

    private void cascade(long t) {
        int i1 = (int) (t >> LEVEL_BITS) & SLOT_MASK;
        refile(1, i1);
        if (i1 == 0) {
            int i2 = (int) (t >> (2 * LEVEL_BITS)) & SLOT_MASK;
            refile(2, i2);
            if (i2 == 0) {
                refile(3, (int) (t >> (3 * LEVEL_BITS)) & SLOT_MASK);
            }
        }
    }

    private void refile(int level, int index) {
        int slot = level * SLOTS + index;
        int h;
        while ((h = heads[slot]) >= 0) {
            unlink(h);
            file(h);
        }
    }

    private void file(int h) {
        long tick = store.expiresAt(h) >> TICK_SHIFT;
        long delta = tick - nextTick;
        if (delta < 0) {
            tick = nextTick;
            delta = 0;
        } else if (delta >= MAX_DELTA) {
            // Beyond the wheel's reach: park in the farthest slot, looked at again when it cascades.
            tick = nextTick + MAX_DELTA - 1;
            delta = MAX_DELTA - 1;
        }
        int level = delta < 1L << LEVEL_BITS ? 0 : delta < 1L << (2 * LEVEL_BITS) ? 1 : delta < 1L << (3 * LEVEL_BITS) ? 2 : 3;
        int slot = level * SLOTS + ((int) (tick >> (level * LEVEL_BITS)) & SLOT_MASK);
        int head = heads[slot];
        store.set(h, ConnectionStore.F_WNEXT, head);
        store.set(h, ConnectionStore.F_WPREV, -1);
        if (head >= 0) {
            store.set(head, ConnectionStore.F_WPREV, h);
        }
        heads[slot] = h;
        store.set(h, ConnectionStore.F_WSLOT, slot);
        levelCounts[level]++;
        size++;
    }
}
