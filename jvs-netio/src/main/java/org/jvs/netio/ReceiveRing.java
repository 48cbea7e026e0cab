package org.jvs.netio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A PACKET_MMAP receive ring (TPACKET_V2) on a {@link PacketSocket}: the kernel copies each frame
 * into a slot of memory shared with this process and flips the slot's status word, so receiving
 * costs no system call, no socket-buffer allocation and no second copy — the frame is handled where
 * the kernel put it. Slots are handed over in ring order by {@link #next()} and must be given back
 * with {@link #release} (in any order; the kernel waits at a slot still held). With a virtio-net
 * header on the socket the header sits right before the frame.
 *
 * <p>Layout facts (linux/if_packet.h): a slot starts with {@code struct tpacket2_hdr} (status, len,
 * snaplen, mac, net, ...) and a {@code struct sockaddr_ll} at offset 32; the frame starts at
 * {@code tp_mac}, which for an untagged Ethernet frame is {@link #ethernetMacOffset()}, leaving
 * {@code reserve} free bytes before the frame (before its virtio-net header, if the socket has one).
 *
 * <p>One thread reads and releases; {@link #close()} only when it has stopped. Allocates nothing
 * after construction.
 */
public final class ReceiveRing implements AutoCloseable {
    private static final int PACKET_RX_RING = 5;
    private static final int PACKET_VERSION = 10;
    private static final int PACKET_RESERVE = 12;
    private static final int TPACKET_V2 = 1;
    private static final int TPACKET_ALIGNMENT = 16;
    /** TPACKET2_HDRLEN: the aligned tpacket2_hdr and a sockaddr_ll. */
    private static final int HEADER_LENGTH = 32 + FrameInfo.SOCKADDR_LL_SIZE;
    private static final int TP_STATUS_KERNEL = 0;
    private static final int TP_STATUS_USER = 0x1;
    private static final int TP_STATUS_COPY = 0x2;
    private static final int TP_STATUS_CSUMNOTREADY = 0x8;
    private static final int PAGE = 4096;
    private static final int VIRTIO_HEADER = 10;
    private static final int ETHERNET_HEADER = 14;
    private static final VarHandle STATUS = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment ring;
    private final MemorySegment[] slots;
    private final int macOffset;
    private int head;
    private boolean closed;

    private ReceiveRing(MemorySegment ring, MemorySegment[] slots, int macOffset) {
        this.ring = ring;
        this.slots = slots;
        this.macOffset = macOffset;
    }

    /**
     * Sets up the ring on {@code socket}, which must not have one yet and must have its virtio-net
     * header option already chosen (the kernel refuses to change it once a ring exists).
     *
     * @param frameBytes the largest frame to receive whole (virtio header excluded)
     * @param reserve    bytes kept free before each frame's virtio header (room for headers a forwarder prepends)
     * @param slots      frames the ring holds at least (rounded up to whole 1 MiB blocks)
     */
    public static ReceiveRing attach(PacketSocket socket, int frameBytes, int reserve, int slots) throws ErrnoException {
        if (frameBytes < 64 || reserve < 0 || reserve > 1024 || slots < 1) {
            throw new IllegalArgumentException("frameBytes >= 64, reserve 0..1024 and slots >= 1 needed");
        }
        int fd = socket.descriptor();
        setInt(fd, PACKET_VERSION, TPACKET_V2, "PACKET_VERSION");
        setInt(fd, PACKET_RESERVE, reserve, "PACKET_RESERVE");
        int macOffset = ethernetMacOffset(reserve, socket.hasVirtioNetHeader());
        int slotBytes = align(macOffset + frameBytes, TPACKET_ALIGNMENT);
        // Blocks of a power-of-two number of pages (what the kernel allocates anyway), several slots each.
        int blockBytes = Math.max(1 << 20, Integer.highestOneBit(align(slotBytes, PAGE) - 1) << 1);
        int perBlock = blockBytes / slotBytes;
        int blocks = (slots + perBlock - 1) / perBlock;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment request = call.allocate(16, 4);
            request.set(ValueLayout.JAVA_INT, 0, blockBytes);
            request.set(ValueLayout.JAVA_INT, 4, blocks);
            request.set(ValueLayout.JAVA_INT, 8, slotBytes);
            request.set(ValueLayout.JAVA_INT, 12, blocks * perBlock);
            int r = Libc.setsockopt(fd, Libc.SOL_PACKET, PACKET_RX_RING, request, 16);
            if (r < 0) {
                throw new ErrnoException("setsockopt PACKET_RX_RING (" + blocks + " blocks of " + blockBytes
                        + " bytes)", -r);
            }
        }
        long length = (long) blockBytes * blocks;
        long address = Libc.mmapShared(fd, length);
        if (address < 0) {
            throw new ErrnoException("mmap of the receive ring (" + length + " bytes)", (int) -address);
        }
        @SuppressWarnings("restricted")
        MemorySegment ring = MemorySegment.ofAddress(address).reinterpret(length);
        MemorySegment[] views = new MemorySegment[blocks * perBlock];
        for (int i = 0; i < views.length; i++) {
            views[i] = ring.asSlice((long) (i / perBlock) * blockBytes + (long) (i % perBlock) * slotBytes, slotBytes);
        }
        return new ReceiveRing(ring, views, macOffset);
    }

    private static void setInt(int fd, int option, int value, String what) throws ErrnoException {
        try (Arena call = Arena.ofConfined()) {
            int r = Libc.setsockopt(fd, Libc.SOL_PACKET, option, call.allocateFrom(ValueLayout.JAVA_INT, value), 4);
            if (r < 0) {
                throw new ErrnoException("setsockopt " + what, -r);
            }
        }
    }

    private static int align(int value, int to) {
        return (value + to - 1) / to * to;
    }

    /** Where in a slot an untagged Ethernet frame starts (tpacket_rcv's macoff). */
    private static int ethernetMacOffset(int reserve, boolean virtioHeader) {
        return align(HEADER_LENGTH + 16, TPACKET_ALIGNMENT) + reserve + (virtioHeader ? VIRTIO_HEADER : 0)
                - ETHERNET_HEADER;
    }

    /** Where in a slot an Ethernet frame without a VLAN tag starts; tagged frames may start elsewhere. */
    public int ethernetMacOffset() {
        return macOffset;
    }

    /** Number of slots. */
    public int slots() {
        return slots.length;
    }

    /**
     * The next slot the kernel has filled, in ring order, or -1 when there is none yet. The slot
     * stays this reader's until {@link #release}d.
     */
    public int next() {
        MemorySegment slot = slots[head];
        if (((int) STATUS.getAcquire(slot, 0L) & TP_STATUS_USER) == 0) {
            return -1;
        }
        int taken = head;
        head = head + 1 == slots.length ? 0 : head + 1;
        return taken;
    }

    /** The whole slot {@code index} (the same segment every time). */
    public MemorySegment slot(int index) {
        return slots[index];
    }

    /** Where in its slot the frame of slot {@code index} starts. */
    public int macOffset(int index) {
        return Short.toUnsignedInt(slots[index].get(ValueLayout.JAVA_SHORT, 12));
    }

    /** Bytes of the frame stored in slot {@code index} (virtio header excluded). */
    public int length(int index) {
        return slots[index].get(ValueLayout.JAVA_INT, 8);
    }

    /** Whether the frame was cut short because it did not fit its slot (it must not be forwarded). */
    public boolean truncated(int index) {
        MemorySegment s = slots[index];
        return s.get(ValueLayout.JAVA_INT, 8) < s.get(ValueLayout.JAVA_INT, 4)
                || ((int) STATUS.get(s, 0L) & TP_STATUS_COPY) != 0;
    }

    /** The PACKET_* type of the frame (sll_pkttype): to this host, broadcast, multicast, another host, outgoing. */
    public int packetType(int index) {
        return Byte.toUnsignedInt(slots[index].get(ValueLayout.JAVA_BYTE, 32 + 10));
    }

    /** Whether the kernel left the frame's transport checksum partial (TP_STATUS_CSUMNOTREADY). */
    public boolean checksumNotReady(int index) {
        return ((int) STATUS.get(slots[index], 0L) & TP_STATUS_CSUMNOTREADY) != 0;
    }

    /** Gives slot {@code index} back to the kernel; its bytes must not be used afterwards. */
    public void release(int index) {
        STATUS.setRelease(slots[index], 0L, TP_STATUS_KERNEL);
    }

    /** Unmaps the ring (the socket closes separately). Idempotent. */
    @Override
    public void close() throws ErrnoException {
        if (closed) {
            return;
        }
        closed = true;
        int r = Libc.munmap(ring.address(), ring.byteSize());
        if (r < 0) {
            throw new ErrnoException("munmap of the receive ring", -r);
        }
    }
}
