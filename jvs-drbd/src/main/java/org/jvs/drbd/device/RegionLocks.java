package org.jvs.drbd.device;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion between an application write and a resync read of the same part of a volume,
 * so that a resync never sends data older than a write it raced with. Striped by 1 MiB region; a
 * range takes its regions' locks in ascending order. Thread-safe.
 */
public final class RegionLocks {
    private static final int REGION_SHIFT = 20;
    private static final int STRIPES = 1024;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    /** A fresh set of locks. */
    public RegionLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** A held range; closing it unlocks. */
    public final class Held implements AutoCloseable {
        private final int[] taken;

        private Held(int[] taken) {
            this.taken = taken;
        }

        @Override
        public void close() {
            for (int i = taken.length - 1; i >= 0; i--) {
                locks[taken[i]].unlock();
            }
        }
    }

    /** Locks every region of {@code [offset, offset+length)}. */
    public Held lock(long offset, long length) {
        long first = offset >>> REGION_SHIFT;
        long last = (offset + Math.max(length, 1) - 1) >>> REGION_SHIFT;
        int n = (int) Math.min(STRIPES, last - first + 1);
        int start = (int) (first % STRIPES);
        int[] taken = new int[n];
        for (int i = 0; i < n; i++) {
            taken[i] = (start + i) % STRIPES;
        }
        if (start + n > STRIPES) {
            // the range wraps around the stripes: lock in ascending order all the same
            java.util.Arrays.sort(taken);
        }
        for (int stripe : taken) {
            locks[stripe].lock();
        }
        return new Held(taken);
    }
}
