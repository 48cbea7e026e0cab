package org.jvs.director.route;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * IPv4 address → Ethernet address of the hosts on the director's links (real servers, gateways,
 * clients on-link), learnt from ARP traffic the data plane sees and seeded from the kernel's table
 * ({@code /proc/net/arp}). Open addressing over primitive arrays: lookups and updates do not
 * allocate. MACs are held in the low 48 bits of a long. Entries are refreshed on every sighting and
 * considered stale after {@code staleNs}. Not thread-safe: owned by one data-plane thread.
 */
public final class NeighbourCache {
    /** Returned by {@link #lookup} for an unknown or stale neighbour. */
    public static final long UNKNOWN = -1L;

    private final int[] addrs;
    private final long[] macs;
    private final long[] seenNs;
    private final boolean[] used;
    private final int mask;
    private final long staleNs;
    private int size;

    /** @param capacity maximum neighbours (rounded up to a power of two, doubled for load) */
    public NeighbourCache(int capacity, long staleNs) {
        int cap = Integer.highestOneBit(Math.max(16, capacity) * 4 - 1);
        addrs = new int[cap];
        macs = new long[cap];
        seenNs = new long[cap];
        used = new boolean[cap];
        mask = cap - 1;
        this.staleNs = staleNs;
    }

    private int slot(int addr) {
        return (addr * 0x9E3779B9 >>> 7) & mask;
    }

    /** Records that {@code addr} is at {@code mac} as of {@code nowNs}. */
    public void learn(int addr, long mac, long nowNs) {
        if (addr == 0 || mac == 0) {
            return;
        }
        int i = slot(addr);
        while (used[i] && addrs[i] != addr) {
            i = (i + 1) & mask;
        }
        if (!used[i]) {
            if (size >= (mask + 1) / 2) {
                // Full: refuse rather than degrade every lookup; the kernel table still works.
                return;
            }
            used[i] = true;
            addrs[i] = addr;
            size++;
        }
        macs[i] = mac & 0xFFFF_FFFF_FFFFL;
        seenNs[i] = nowNs;
    }

    /** The MAC of {@code addr}, or {@link #UNKNOWN} when not known or stale. */
    public long lookup(int addr, long nowNs) {
        int i = slot(addr);
        while (used[i]) {
            if (addrs[i] == addr) {
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
