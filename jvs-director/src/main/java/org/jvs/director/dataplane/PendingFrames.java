package org.jvs.director.dataplane;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jvs.packet.EthernetFrame;

/**
 * Frames waiting for their next hop's MAC address, as the kernel's neighbour layer queues packets
 * while ARP resolves (unres_qlen): the first datagram of a UDP flow to a real server the director
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
    private final int[] probed = new int[PROBES];
    private final long[] probedAt = new long[PROBES];
    private int nextProbe;
    private final MemorySegment[] slots;
    private final int[] address;
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
        address = new int[capacity];
        outSlot = new int[capacity];
        length = new int[capacity];
        since = new long[capacity];
        used = new boolean[capacity];
    }

    /**
     * Whether to send an ARP request for {@code nextHop} now: at most one a second per address
     * (the kernel's retrans_time), remembered for the last {@link #PROBES} addresses.
     */
    boolean shouldProbe(int nextHop, long nowNs) {
        for (int i = 0; i < PROBES; i++) {
            if (probed[i] == nextHop && probedAt[i] != 0) {
                if (nowNs - probedAt[i] < PROBE_INTERVAL_NS) {
                    return false;
                }
                probedAt[i] = nowNs;
                return true;
            }
        }
        probed[nextProbe] = nextHop;
        probedAt[nextProbe] = nowNs;
        nextProbe = (nextProbe + 1) % PROBES;
        return true;
    }

    /**
     * Keeps a copy of the frame at {@code offset} ({@code frameLength} bytes from its virtio header;
     * the Ethernet destination, right after that header, is filled in at release).
     */
    void hold(int nextHop, int slot, MemorySegment buffer, long offset, int frameLength, long nowNs) {
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
        address[victim] = nextHop;
        outSlot[victim] = slot;
        length[victim] = frameLength;
        since[victim] = nowNs;
        used[victim] = true;
    }

    /** Sends every frame waiting for {@code nextHop}, now known at {@code mac}, oldest first. */
    void release(int nextHop, long mac, long nowNs, Sender sender) throws IOException {
        while (true) {
            int next = -1;
            for (int i = 0; i < used.length; i++) {
                if (used[i] && address[i] == nextHop && (next < 0 || since[i] < since[next])) {
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
