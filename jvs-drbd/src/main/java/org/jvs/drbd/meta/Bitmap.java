package org.jvs.drbd.meta;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;

/**
 * The quick-sync bitmap: one bit per 4 KiB block of the data area, set while that block may differ
 * from the peer's copy. Kept in memory as DRBD does, written to the metadata area in 4 KiB pages of
 * little-endian 64-bit words; pages changed since the last write-out are remembered. A block only
 * partly touched by a write is marked out of sync; only blocks fully covered by a resync write are
 * marked in sync. Thread-safe (lock-free per word).
 */
public final class Bitmap {
    /** Bytes of data per bit. */
    public static final int BLOCK = MetadataLayout.BYTES_PER_BIT;
    /** 64-bit words per 4 KiB on-disk page. */
    public static final int WORDS_PER_PAGE = 512;

    private final long bits;
    private final AtomicLongArray words;
    private final AtomicIntegerArray dirtyPages;
    private final AtomicLong weight = new AtomicLong();

    /** An all-clear bitmap of {@code bits} bits. */
    public Bitmap(long bits) {
        if (bits < 0 || bits > (long) Integer.MAX_VALUE * 64) {
            throw new IllegalArgumentException("bitmap of " + bits + " bits");
        }
        this.bits = bits;
        this.words = new AtomicLongArray((int) ((bits + 63) / 64));
        this.dirtyPages = new AtomicIntegerArray(Math.max(1, (words.length() + WORDS_PER_PAGE - 1) / WORDS_PER_PAGE));
    }

    /** A bitmap for a data area of {@code sectors} 512-byte sectors. */
    public static Bitmap forSectors(long sectors) {
        return new Bitmap(MetadataLayout.bitsFor(sectors));
    }

    /** Number of bits (4 KiB blocks). */
    public long bits() {
        return bits;
    }

    /** Number of set bits: blocks out of sync. */
    public long weight() {
        return weight.get();
    }

    /** Whether block {@code bit} is out of sync. */
    public boolean isSet(long bit) {
        return (words.get((int) (bit >>> 6)) & (1L << (bit & 63))) != 0;
    }

    /** Marks blocks {@code [from, to)} out of sync; returns how many were newly set. */
    public long set(long from, long to) {
        return change(from, to, true);
    }

    /** Marks blocks {@code [from, to)} in sync; returns how many were cleared. */
    public long clear(long from, long to) {
        return change(from, to, false);
    }

    /** Marks every block touched by the byte range out of sync (a write the peer did not get). */
    public long markOutOfSync(long offset, long length) {
        if (length <= 0) {
            return 0;
        }
        return set(offset / BLOCK, Math.min(bits, (offset + length + BLOCK - 1) / BLOCK));
    }

    /** Marks the blocks completely inside the byte range in sync (data known equal on both nodes). */
    public long markInSync(long offset, long length) {
        long from = (offset + BLOCK - 1) / BLOCK;
        long to = Math.min(bits, (offset + length) / BLOCK);
        return to > from ? clear(from, to) : 0;
    }

    private long change(long from, long to, boolean value) {
        if (from < 0 || to > bits || from > to) {
            throw new IndexOutOfBoundsException("bits [" + from + ", " + to + ") of " + bits);
        }
        long changed = 0;
        long b = from;
        while (b < to) {
            int w = (int) (b >>> 6);
            int lo = (int) (b & 63);
            int hi = (int) Math.min(64, lo + (to - b));
            long mask = hi == 64 ? -1L << lo : ((1L << hi) - 1) & (-1L << lo);
            long old;
            long now;
            do {
                old = words.get(w);
                now = value ? old | mask : old & ~mask;
            } while (old != now && !words.compareAndSet(w, old, now));
            int diff = Long.bitCount(old ^ now);
            if (diff != 0) {
                changed += diff;
                dirtyPages.set(w / WORDS_PER_PAGE, 1);
            }
            b += hi - lo;
        }
        weight.addAndGet(value ? changed : -changed);
        return changed;
    }

    /** Marks every block out of sync (full sync). */
    public void setAll() {
        set(0, bits);
    }

    /** Marks every block in sync. */
    public void clearAll() {
        clear(0, bits);
    }

    /** The first set bit at or after {@code from}, or -1. */
    public long nextSet(long from) {
        for (long b = from; b < bits; ) {
            int w = (int) (b >>> 6);
            long word = words.get(w) & (-1L << (b & 63));
            if (word != 0) {
                long found = ((long) w << 6) + Long.numberOfTrailingZeros(word);
                return found < bits ? found : -1;
            }
            b = ((long) w + 1) << 6;
        }
        return -1;
    }

    /** ORs {@code other}'s bits into this bitmap (both sides agree on the union before a resync). */
    public void or(Bitmap other) {
        int n = Math.min(words.length(), other.words.length());
        for (int w = 0; w < n; w++) {
            long add = other.words.get(w);
            if (add != 0) {
                mergeWord(w, add);
            }
        }
    }

    /** ORs one 64-bit word (as received from the peer) into word {@code index}. */
    public void mergeWord(int index, long add) {
        long old;
        long now;
        do {
            old = words.get(index);
            now = old | add;
        } while (old != now && !words.compareAndSet(index, old, now));
        long diff = Long.bitCount(old ^ now);
        if (diff != 0) {
            weight.addAndGet(diff);
            dirtyPages.set(index / WORDS_PER_PAGE, 1);
        }
    }

    /** Number of 64-bit words. */
    public int wordCount() {
        return words.length();
    }

    /** Word {@code index} (bit 0 of word 0 is the first 4 KiB block). */
    public long word(int index) {
        return words.get(index);
    }

    /** Number of 4 KiB pages the words fill on disk. */
    public int pageCount() {
        return (words.length() + WORDS_PER_PAGE - 1) / WORDS_PER_PAGE;
    }

    /** Page {@code page} as DRBD stores it: 512 little-endian 64-bit words. */
    public byte[] encodePage(int page) {
        ByteBuffer b = ByteBuffer.allocate(WORDS_PER_PAGE * 8).order(ByteOrder.LITTLE_ENDIAN);
        int first = page * WORDS_PER_PAGE;
        for (int i = 0; i < WORDS_PER_PAGE && first + i < words.length(); i++) {
            b.putLong(i * 8, words.get(first + i));
        }
        return b.array();
    }

    /**
     * Loads page {@code page} from its on-disk bytes (bits beyond the data size are dropped: they are
     * padding on disk); the page is not marked dirty.
     */
    public void loadPage(int page, ByteBuffer data) {
        ByteBuffer b = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        int first = page * WORDS_PER_PAGE;
        for (int i = 0; i < WORDS_PER_PAGE && first + i < words.length(); i++) {
            long v = b.getLong(i * 8);
            int w = first + i;
            if (w == words.length() - 1 && (bits & 63) != 0) {
                v &= (1L << (bits & 63)) - 1;
            }
            long old = words.getAndSet(w, v);
            weight.addAndGet(Long.bitCount(v) - Long.bitCount(old));
        }
    }

    /** Calls {@code action} for every page changed since the last call and forgets the change. */
    public void drainDirtyPages(IntConsumer action) {
        for (int p = 0; p < pageCount(); p++) {
            if (dirtyPages.getAndSet(p, 0) != 0) {
                action.accept(p);
            }
        }
    }

    /** Marks every page as changed (the whole bitmap must be written). */
    public void markAllDirty() {
        for (int p = 0; p < pageCount(); p++) {
            dirtyPages.set(p, 1);
        }
    }
}
