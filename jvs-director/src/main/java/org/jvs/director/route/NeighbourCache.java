package org.jvs.director.route;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * IP address → Ethernet address of the hosts on the director's links (real servers, gateways,
 * clients on-link), learnt from the ARP and Neighbor Discovery traffic the data plane sees and, for
 * IPv4, seeded from the kernel's table ({@code /proc/net/arp}). Addresses are held as two longs,
 * IPv6 as is and IPv4 as its IPv4-mapped form ::ffff:a.b.c.d ({@link #mappedV4}), so one table
 * serves both. Open addressing over primitive arrays: lookups and updates do not
 * allocate. MACs are held in the low 48 bits of a long. Entries are refreshed on every sighting and
 * considered stale after {@code staleNs}. Not thread-safe: owned by one data-plane thread.
 */
public final class NeighbourCache {
    /** Returned by {@link #lookup} for an unknown or stale neighbour. */
    public static final long UNKNOWN = -1L;

    private final long[] highs;
    private final long[] lows;
    private final long[] macs;
    private final long[] seenNs;
    private final boolean[] used;
    private final int mask;
    private final long staleNs;
    private int size;

    /** @param capacity maximum neighbours (rounded up to a power of two, doubled for load) */
    public NeighbourCache(int capacity, long staleNs) {
        int cap = Integer.highestOneBit(Math.max(16, capacity) * 4 - 1);
        highs = new long[cap];
        lows = new long[cap];
        macs = new long[cap];
        seenNs = new long[cap];
        used = new boolean[cap];
        mask = cap - 1;
        this.staleNs = staleNs;
    }

    /** The low long of the IPv4-mapped IPv6 address of {@code v4} (its high long is 0). */
    public static long mappedV4(int v4) {
        return 0xFFFF_0000_0000L | (v4 & 0xFFFF_FFFFL);
    }

    private int slot(long high, long low) {
        long h = (high ^ low) * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 40) & mask;
    }

    /** Records that the IPv4 address {@code addr} is at {@code mac} as of {@code nowNs}. */
    public void learn(int addr, long mac, long nowNs) {
        if (addr != 0) {
            learn(0, mappedV4(addr), mac, nowNs);
        }
    }

    /** The MAC of the IPv4 address {@code addr}, or {@link #UNKNOWN} when not known or stale. */
    public long lookup(int addr, long nowNs) {
        return lookup(0, mappedV4(addr), nowNs);
    }

    /** Records that the address {@code high:low} is at {@code mac} as of {@code nowNs}. */
    public void learn(long high, long low, long mac, long nowNs) {
        if ((high == 0 && low == 0) || mac == 0) {
            return;
        }
        int i = slot(high, low);
        while (used[i] && (highs[i] != high || lows[i] != low)) {
            i = (i + 1) & mask;
        }
        if (!used[i]) {
            if (size >= (mask + 1) / 2) {
                // Full: refuse rather than degrade every lookup; the kernel table still works.
                return;
            }
            used[i] = true;
            highs[i] = high;
            lows[i] = low;
            size++;
        }
        macs[i] = mac & 0xFFFF_FFFF_FFFFL;
        seenNs[i] = nowNs;
    }

    /** The MAC of the address {@code high:low}, or {@link #UNKNOWN} when not known or stale. */
    public long lookup(long high, long low, long nowNs) {
        int i = slot(high, low);
        while (used[i]) {
            if (highs[i] == high && lows[i] == low) {
                return nowNs - seenNs[i] > staleNs ? UNKNOWN : macs[i];
            }
            i = (i + 1) & mask;
        }
        return UNKNOWN;
    }

    /** Loads complete entries of the kernel's ARP table as seen at {@code nowNs}. */
    public void seedFromKernel(long nowNs) throws IOException {
        seed(Files.readString(Path.of("/proc/net/arp")), nowNs);
    }

    /** Parses the text of /proc/net/arp; incomplete entries (flags without ATF_COM 0x2) are skipped. */
    public void seed(String procNetArp, long nowNs) {
        String[] lines = procNetArp.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < 6 || (Integer.decode(f[2]) & 0x2) == 0) {
                continue;
            }
            int addr = parseV4(f[0]);
            long mac = Long.parseLong(f[3].replace(":", ""), 16);
            learn(addr, mac, nowNs);
        }
    }

    private static int parseV4(String s) {
        String[] p = s.split("\\.");
        return (Integer.parseInt(p[0]) << 24) | (Integer.parseInt(p[1]) << 16) | (Integer.parseInt(p[2]) << 8)
                | Integer.parseInt(p[3]);
    }
}
