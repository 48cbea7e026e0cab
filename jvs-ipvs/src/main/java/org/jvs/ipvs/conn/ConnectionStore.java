package org.jvs.ipvs.conn;

import java.util.Arrays;

/**
 * The memory of the connection table: fixed-size entries of {@value #STRIDE} ints in pages of
 * {@value #PAGE_SIZE} entries, addressed by an int handle, plus a side store of 128-bit addresses
 * for IPv6 entries. No per-entry objects: an IPv4 connection costs {@value #STRIDE} × 4 bytes.
 * Handles are stable for an entry's life and reused after it is freed.
 *
 * <p>Not thread-safe: owned by the table's data-plane thread.
 */
final class ConnectionStore {
    // 4096 entries (295 KB) per page stays under half of G1's smallest region, so pages are never
    // humongous objects, which would round each page up to whole regions.
    static final int PAGE_SHIFT = 12;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    static final int PAGE_MASK = PAGE_SIZE - 1;

    /** Client address (IPv4) or wide-store slot. */
    static final int F_CADDR = 0;
    static final int F_VADDR = 1;
    static final int F_DADDR = 2;
    /** Client port << 16 | virtual port. */
    static final int F_PORTS = 3;
    /** Destination port << 16 | protocol << 8 | state. */
    static final int F_DPORT_PROTO_STATE = 4;
    static final int F_FLAGS = 5;
    /** Next entry in the hash chain, or in the free list. */
    static final int F_HNEXT = 6;
    static final int F_DEST = 7;
    /** Handle of the controlling template, -1 for none. */
    static final int F_CONTROL = 8;
    /** How many connections this entry controls. */
    static final int F_NCONTROL = 9;
    static final int F_INPKTS = 10;
    static final int F_TIMEOUT = 11;
    static final int F_EXPIRES_HI = 12;
    static final int F_EXPIRES_LO = 13;
    static final int F_WNEXT = 14;
    static final int F_WPREV = 15;
    /** Timer-wheel slot the entry is filed in, -1 when not filed. */
    static final int F_WSLOT = 16;
    static final int F_FWMARK = 17;
    static final int STRIDE = 18;

    private static final int WIDE_LONGS = 6;

    private final int maxEntries;
    private int[][] pages = new int[0][];
    private int highWater;
    private int freeHead = -1;

    private long[][] widePages = new long[0][];
    private int wideHighWater;
    private int wideFreeHead = -1;

    ConnectionStore(int maxEntries) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
    }

    /** A fresh handle, or -1 when {@code maxEntries} are in use. Fields are not cleared. */
    int allocate() {
        int h = freeHead;
        if (h >= 0) {
            freeHead = get(h, F_HNEXT);
            return h;
        }
        if (highWater >= maxEntries) {
            return -1;
        }
        h = highWater++;
        int page = h >>> PAGE_SHIFT;
        if (page >= pages.length) {
            pages = Arrays.copyOf(pages, Math.max(4, pages.length * 2));
        }
        if (pages[page] == null) {
            pages[page] = new int[PAGE_SIZE * STRIDE];
        }
        return h;
    }

    /** Returns {@code h} to the free list and marks it {@link ConnFlags#FREE}. */
    void release(int h) {
        set(h, F_FLAGS, ConnFlags.FREE);
        set(h, F_HNEXT, freeHead);
        freeHead = h;
    }

    /** One past the highest handle ever handed out; iteration bound for visitors. */
    int highWater() {
        return highWater;
    }

    boolean isFree(int h) {
        return (get(h, F_FLAGS) & ConnFlags.FREE) != 0;
    }

    int get(int h, int field) {
        return pages[h >>> PAGE_SHIFT][(h & PAGE_MASK) * STRIDE + field];
    }

    void set(int h, int field, int value) {
        pages[h >>> PAGE_SHIFT][(h & PAGE_MASK) * STRIDE + field] = value;
    }

    /** The page holding {@code h}; with {@link #offset} lets a lookup read several fields at one address. */
    int[] page(int h) {
        return pages[h >>> PAGE_SHIFT];
    }

    static int offset(int h) {
        return (h & PAGE_MASK) * STRIDE;
    }

    long expiresAt(int h) {
        int[] p = page(h);
        int o = offset(h);
        return ((long) p[o + F_EXPIRES_HI] << 32) | (p[o + F_EXPIRES_LO] & 0xFFFF_FFFFL);
    }

    void setExpiresAt(int h, long nowNs) {
        int[] p = page(h);
        int o = offset(h);
        p[o + F_EXPIRES_HI] = (int) (nowNs >>> 32);
        p[o + F_EXPIRES_LO] = (int) nowNs;
    }

    /** A wide-address slot holding client, virtual and destination addresses as hi/lo pairs, or -1. */
    int allocateWide() {
        int w = wideFreeHead;
        if (w >= 0) {
            wideFreeHead = (int) wide(w, 0);
            return w;
        }
        w = wideHighWater++;
        int page = w >>> PAGE_SHIFT;
        if (page >= widePages.length) {
            widePages = Arrays.copyOf(widePages, Math.max(4, widePages.length * 2));
        }
        if (widePages[page] == null) {
            widePages[page] = new long[PAGE_SIZE * WIDE_LONGS];
        }
        return w;
    }

    void releaseWide(int w) {
        setWide(w, 0, wideFreeHead);
        wideFreeHead = w;
    }

    /** Word {@code i} of wide slot {@code w}: 0/1 client hi/lo, 2/3 virtual, 4/5 destination. */
    long wide(int w, int i) {
        return widePages[w >>> PAGE_SHIFT][(w & PAGE_MASK) * WIDE_LONGS + i];
    }

    void setWide(int w, int i, long value) {
        widePages[w >>> PAGE_SHIFT][(w & PAGE_MASK) * WIDE_LONGS + i] = value;
    }
}
