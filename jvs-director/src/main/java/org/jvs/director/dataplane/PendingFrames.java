package org.jvs.director.dataplane;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jvs.packet.EthernetFrame;

/**
 * Frames waiting for their next hop's MAC address, as the kernel's neighbour layer queues packets
 * while ARP or Neighbor Discovery resolves (unres_qlen): the first datagram of a UDP flow to a real server the director
 * has not talked to yet is sent once the ARP reply arrives instead of being lost. A fixed pool of
 * slots allocated once; when it is full the oldest frame is dropped, and frames older than
 * {@link #MAX_WAIT_NS} (the kernel gives up after 3 probes a second apart) are never sent.
 * Data-plane thread only; allocates nothing after construction.
 */
final class PendingFrames {
    /** How long a frame may wait for its neighbour. */
    static final long MAX_WAIT_NS = 3_000_000_000L;

    /** Where a released frame goes: the out interface's slot and the frame with its virtio header. */
    interface Sender {
        void send(int slot, MemorySegment buffer, long offset, int length) throws IOException;
    }

    private static final int PROBES = 16;
    private static final long PROBE_INTERVAL_NS = 1_000_000_000L;

    private final EthernetFrame ethernet = new EthernetFrame();
    private final long[] probedHigh = new long[PROBES];
    private final long[] probedLow = new long[PROBES];
    private final long[] probedAt = new long[PROBES];
    private int nextProbe;
    private final MemorySegment[] slots;
    private final long[] addressHigh;
    private final long[] addressLow;
    private final int[] outSlot;
    private final int[] length;
    private final long[] since;
    private final boolean[] used;
    private long dropped;

    /**
     * @param capacity  frames held at most
     * @param slotBytes the largest frame, virtio header included
     */
    PendingFrames(int capacity, int slotBytes) {
        MemorySegment pool = Arena.ofAuto().allocate((long) capacity * slotBytes, 64);
        slots = new MemorySegment[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = pool.asSlice((long) i * slotBytes, slotBytes);
        }
        addressHigh = new long[capacity];
        addressLow = new long[capacity];
        outSlot = new int[capacity];
        length = new int[capacity];
        since = new long[capacity];
        used = new boolean[capacity];
    }

    /**
     * Whether to send an ARP request or neighbor solicitation for the next hop {@code high:low}
     * (IPv4 in its mapped form, see {@link org.jvs.director.route.NeighbourCache#mappedV4}) now: at
     * most one a second per address (the kernel's retrans_time), remembered for the last
     * {@link #PROBES} addresses.
     */
    boolean shouldProbe(long high, long low, long nowNs) {
        for (int i = 0; i < PROBES; i++) {
            if (probedHigh[i] == high && probedLow[i] == low && probedAt[i] != 0) {
                if (nowNs - probedAt[i] < PROBE_INTERVAL_NS) {
                    return false;
                }
                probedAt[i] = nowNs;
                return true;
            }
        }
        probedHigh[nextProbe] = high;
        probedLow[nextProbe] = low;
        probedAt[nextProbe] = nowNs;
        nextProbe = (nextProbe + 1) % PROBES;
        return true;
    }

    /**
     * Keeps a copy of the frame at {@code offset} ({@code frameLength} bytes from its virtio header;
     * the Ethernet destination, right after that header, is filled in at release).
     */
    void hold(long high, long low, int slot, MemorySegment buffer, long offset, int frameLength, long nowNs) {
        if (frameLength > slots[0].byteSize()) {
            dropped++;
            return;
        }
        int victim = 0;
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                victim = i;
                break;
            }
            if (since[i] < since[victim]) {
                victim = i;
            }
        }
        if (used[victim]) {
            // The oldest waiting frame makes room.
            dropped++;
        }
        MemorySegment.copy(buffer, offset, slots[victim], 0, frameLength);
        addressHigh[victim] = high;
        addressLow[victim] = low;
        outSlot[victim] = slot;
        length[victim] = frameLength;
        since[victim] = nowNs;
        used[victim] = true;
    }

    /** Sends every frame waiting for the next hop {@code high:low}, now known at {@code mac}, oldest first. */
    void release(long high, long low, long mac, long nowNs, Sender sender) throws IOException {
        while (true) {
            int next = -1;
            for (int i = 0; i < used.length; i++) {
                if (used[i] && addressHigh[i] == high && addressLow[i] == low && (next < 0 || since[i] < since[next])) {
                    next = i;
                }
            }
            if (next < 0) {
                return;
            }
            used[next] = false;
            if (nowNs - since[next] >= MAX_WAIT_NS) {
                dropped++;
                continue;
            }
            ethernet.wrap(slots[next], VirtioNetHeader.LENGTH).setDestination(mac);
            sender.send(outSlot[next], slots[next], 0, length[next]);
        }
    }

    /** Frames dropped because the pool was full, the frame too big, or the neighbour never answered. */
    long dropped() {
        return dropped;
    }
}
