package org.jvs.drbd.meta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The activity log: the set of "hot" 4 MiB extents a Primary may be writing to, recorded on disk
 * before any write touches a new extent so that after a crash only those extents need a resync.
 * Kept as DRBD 8.4 keeps it: {@code al-extents} slots managed least-recently-used, each change a
 * 4 KiB transaction (up to 64 slot updates plus a 919-slot window of the whole slot table) written
 * round-robin into the ring of AL blocks with a CRC-32C. Before an extent leaves the log, the
 * bitmap pages covering it are written ({@code beforeEviction}), so its out-of-sync bits survive.
 * Thread-safe: begin/end are serialised on the log (like DRBD's al_mutex); extents in use by an
 * unfinished write are never evicted.
 */
public final class ActivityLog {
    /** {@code DRBD_AL_MAGIC} ("actlog=="). */
    public static final int MAGIC = 0x69cb65a2;
    /** Bytes per extent (AL_EXTENT_SHIFT 22). */
    public static final long EXTENT_BYTES = 4L << 20;
    /** Slot updates per transaction. */
    public static final int UPDATES_PER_TRANSACTION = 64;
    /** Slots of context per transaction. */
    public static final int CONTEXT_PER_TRANSACTION = 919;
    /** Transaction type of an initialised (empty) block. */
    public static final int TYPE_INITIALIZED = 0xffff;
    private static final int FREE = -1;

    /** Writes AL blocks and the bitmap pages an eviction needs; supplied by the metadata owner. */
    public interface Disk {
        /** Writes one 4 KiB AL block at ring position {@code block} and makes it durable. */
        void writeAlBlock(int block, byte[] data) throws IOException;

        /** Writes out the bitmap pages changed so far (before an extent is evicted). */
        void beforeEviction() throws IOException;
    }

    private final Disk disk;
    private final int stripes;
    private final int stripeSize4k;
    private final int[] slots;
    /** extent → slot, in least-recently-used order. */
    private final LinkedHashMap<Integer, Integer> lru = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Integer, Integer> inUse = new java.util.HashMap<>();
    private long transactionNumber;
    private int contextCycle;
    private long transactions;

    /**
     * An empty log of {@code extents} slots.
     *
     * @param firstTransaction the number the next transaction gets (continue after the newest on disk)
     */
    public ActivityLog(Disk disk, int extents, int stripes, int stripeSize4k, long firstTransaction) {
        this.disk = disk;
        this.stripes = stripes;
        this.stripeSize4k = stripeSize4k;
        this.slots = new int[extents];
        Arrays.fill(slots, FREE);
        this.transactionNumber = firstTransaction;
    }

    /** The extent of a byte offset. */
    public static int extentOf(long offset) {
        return (int) (offset / EXTENT_BYTES);
    }

    /**
     * Makes every extent of {@code [offset, offset+length)} hot before the write is issued, writing a
     * transaction first when one was not; waits while the log is full of extents in use.
     */
    public synchronized void begin(long offset, long length) throws IOException, InterruptedException {
        int first = extentOf(offset);
        int last = extentOf(offset + Math.max(length, 1) - 1);
        List<Integer> missing = new ArrayList<>();
        for (int e = first; e <= last; e++) {
            if (lru.get(e) == null) {
                missing.add(e);
            }
        }
        if (!missing.isEmpty()) {
            if (missing.size() > slots.length) {
                throw new IOException("write spans more extents than the activity log holds");
            }
            List<int[]> updates = new ArrayList<>();
            boolean evicts = false;
            for (int e : missing) {
                int slot = freeSlot();
                while (slot < 0) {
                    wait();
                    slot = freeSlot();
                }
                int old = slots[slot];
                if (old != FREE) {
                    lru.remove(old);
                    evicts = true;
                }
                slots[slot] = e;
                lru.put(e, slot);
                updates.add(new int[] {slot, e, old});
            }
            if (evicts) {
                disk.beforeEviction();
            }
            writeTransaction(updates);
        }
        for (int e = first; e <= last; e++) {
            lru.get(e);
            inUse.merge(e, 1, Integer::sum);
        }
    }

    /** The write over {@code [offset, offset+length)} completed: its extents may be evicted again. */
    public synchronized void end(long offset, long length) {
        int first = extentOf(offset);
        int last = extentOf(offset + Math.max(length, 1) - 1);
        for (int e = first; e <= last; e++) {
            inUse.computeIfPresent(e, (k, n) -> n > 1 ? n - 1 : null);
        }
        notifyAll();
    }

    /** A slot that is free or holds the least recently used extent not in use, or -1. */
    private int freeSlot() {
        for (int s = 0; s < slots.length; s++) {
            if (slots[s] == FREE) {
                return s;
            }
        }
        for (Map.Entry<Integer, Integer> en : lru.entrySet()) {
            if (!inUse.containsKey(en.getKey())) {
                return en.getValue();
            }
        }
        return -1;
    }

    private void writeTransaction(List<int[]> updates) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096);
        b.putInt(0, MAGIC).putInt(4, (int) transactionNumber).putShort(12, (short) 0).putShort(14, (short) updates.size())
                .putShort(16, (short) slots.length).putShort(18, (short) contextCycle);
        for (int i = 0; i < UPDATES_PER_TRANSACTION; i++) {
            boolean used = i < updates.size();
            b.putShort(36 + 2 * i, (short) (used ? updates.get(i)[0] : -1));
            b.putInt(164 + 4 * i, used ? updates.get(i)[1] : FREE);
        }
        // The context is the slot table before this transaction's updates, as DRBD writes it.
        int[] before = slots.clone();
        for (int[] u : updates) {
            before[u[0]] = u[2];
        }
        for (int i = 0; i < CONTEXT_PER_TRANSACTION; i++) {
            int slot = contextCycle + i;
            b.putInt(420 + 4 * i, slot < slots.length ? before[slot] : FREE);
        }
        contextCycle += CONTEXT_PER_TRANSACTION;
        if (contextCycle >= slots.length) {
            contextCycle = 0;
        }
        b.putInt(8, Crc32c.update(0, b.array(), 0, 4096));
        disk.writeAlBlock(ringBlock(transactionNumber), b.array());
        transactionNumber++;
        transactions++;
    }

    /** The ring block transaction {@code t} goes to (round-robin over the stripes). */
    public int ringBlock(long t) {
        int size = stripes * stripeSize4k;
        int n = (int) (t % size);
        return (n % stripes) * stripeSize4k + n / stripes;
    }

    /** Number of transactions written since start-up (the "al:" counter of /proc/drbd). */
    public synchronized long transactions() {
        return transactions;
    }

    /** The extents currently in the log. */
    public synchronized Set<Integer> hotExtents() {
        return new TreeSet<>(lru.keySet());
    }

    /** An initialised AL block as drbdmeta create-md writes it. */
    public static byte[] initializedBlock() {
        ByteBuffer b = ByteBuffer.allocate(4096);
        b.putInt(0, MAGIC).putShort(12, (short) TYPE_INITIALIZED);
        b.putInt(8, Crc32c.update(0, b.array(), 0, 4096));
        return b.array();
    }

    /** What a replay of the on-disk log found. */
    public record Replay(Set<Integer> extents, long nextTransaction, int validBlocks) {
    }

    /**
     * Replays the on-disk ring (the blocks in ring order): valid update transactions applied in
     * transaction order, context first and then the updates, give the extents that were hot when the
     * node stopped.
     */
    public static Replay replay(List<ByteBuffer> blocks) {
        List<ByteBuffer> valid = new ArrayList<>();
        for (ByteBuffer raw : blocks) {
            ByteBuffer b = raw.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
            if (b.getInt(0) != MAGIC || (b.getShort(12) & 0xffff) == TYPE_INITIALIZED) {
                continue;
            }
            byte[] copy = new byte[4096];
            b.get(0, copy);
            int crc = b.getInt(8);
            copy[8] = copy[9] = copy[10] = copy[11] = 0;
            if (Crc32c.update(0, copy, 0, 4096) == crc && (b.getShort(12) & 0xffff) == 0) {
                valid.add(b);
            }
        }
        valid.sort((x, y) -> Integer.compareUnsigned(x.getInt(4), y.getInt(4)));
        Map<Integer, Integer> table = new java.util.HashMap<>();
        long next = 0;
        for (ByteBuffer b : valid) {
            int size = b.getShort(16) & 0xffff;
            int start = b.getShort(18) & 0xffff;
            for (int i = 0; i < CONTEXT_PER_TRANSACTION && start + i < size; i++) {
                table.put(start + i, b.getInt(420 + 4 * i));
            }
            int n = b.getShort(14) & 0xffff;
            for (int i = 0; i < Math.min(n, UPDATES_PER_TRANSACTION); i++) {
                table.put(b.getShort(36 + 2 * i) & 0xffff, b.getInt(164 + 4 * i));
            }
            next = Integer.toUnsignedLong(b.getInt(4)) + 1;
        }
        Set<Integer> hot = new TreeSet<>();
        table.values().stream().filter(e -> e != FREE).forEach(hot::add);
        return new Replay(hot, next, valid.size());
    }
}
