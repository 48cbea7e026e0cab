package org.jvs.netio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Buffers for moving many frames per system call on a {@link PacketSocket} ({@code recvmmsg},
 * {@code sendmmsg}): {@code slots} frame buffers of {@code slotBytes} each plus the kernel's message
 * headers, all in one native allocation made here. After a receive, slots 0..n-1 hold frames; to send,
 * fill slots 0..count-1 and set their lengths. Owned by one thread at a time; not thread-safe.
 * {@link #close()} frees the memory; frame segments are invalid afterwards.
 */
public final class PacketBatch implements AutoCloseable {
    private static final int MMSGHDR_SIZE = 64;
    private static final int IOVEC_SIZE = 16;
    private static final int NAME_STRIDE = 24;
    private static final int ALIGNMENT = 64;

    private final Arena arena = Arena.ofShared();
    private final int slots;
    private final int slotBytes;
    private final int headroom;
    private final MemorySegment[] frames;
    private final int[] lengths;
    private final MemorySegment headers;
    private final MemorySegment iovecs;
    private final MemorySegment names;
    private final MemorySegment controls;

    /**
     * @param slots frames per system call (1..1024)
     * @param slotBytes room per frame in bytes, e.g. MTU + 18
     */
    public PacketBatch(int slots, int slotBytes) {
        this(slots, slotBytes, 0);
    }

    /**
     * @param slots     frames per system call (1..1024)
     * @param slotBytes room per frame in bytes
     * @param headroom  bytes kept free in front of each frame (for headers a forwarder prepends);
     *                  frames are received into and sent from {@code frame(slot)} at this offset
     */
    public PacketBatch(int slots, int slotBytes, int headroom) {
        if (slots < 1 || slots > 1024 || slotBytes < 64 || headroom < 0) {
            throw new IllegalArgumentException("slots 1..1024, slotBytes >= 64 and headroom >= 0 needed: " + slots
                    + ", " + slotBytes + ", " + headroom);
        }
        this.slots = slots;
        this.slotBytes = slotBytes;
        this.headroom = headroom;
        long stride = (headroom + slotBytes + ALIGNMENT - 1) & -ALIGNMENT;
        MemorySegment data = arena.allocate(stride * slots, ALIGNMENT);
        headers = arena.allocate((long) MMSGHDR_SIZE * slots, 8);
        iovecs = arena.allocate((long) IOVEC_SIZE * slots, 8);
        names = arena.allocate((long) NAME_STRIDE * slots, 8);
        controls = arena.allocate((long) FrameInfo.CONTROL_SIZE * slots, 8);
        frames = new MemorySegment[slots];
        lengths = new int[slots];
        for (int i = 0; i < slots; i++) {
            frames[i] = data.asSlice(i * stride, stride);
            long h = (long) i * MMSGHDR_SIZE;
            iovecs.set(ValueLayout.ADDRESS, (long) i * IOVEC_SIZE, frames[i].asSlice(headroom));
            headers.set(ValueLayout.ADDRESS, h, names.asSlice((long) i * NAME_STRIDE, NAME_STRIDE));
            headers.set(ValueLayout.ADDRESS, h + 16, iovecs.asSlice((long) i * IOVEC_SIZE, IOVEC_SIZE));
            headers.set(ValueLayout.JAVA_LONG, h + 24, 1L);
            headers.set(ValueLayout.ADDRESS, h + 32,
                    controls.asSlice((long) i * FrameInfo.CONTROL_SIZE, FrameInfo.CONTROL_SIZE));
        }
    }

    /** Number of frame slots. */
    public int slots() {
        return slots;
    }

    /** Room per slot in bytes. */
    public int slotBytes() {
        return slotBytes;
    }

    /** Bytes kept free in front of each frame: a frame starts at this offset of {@link #frame}. */
    public int headroom() {
        return headroom;
    }

    /** The buffer of slot {@code slot} (the same segment every time; the frame starts at {@link #headroom}). */
    public MemorySegment frame(int slot) {
        return frames[slot];
    }

    /** Length in bytes of the frame in {@code slot}: as received, or as set for sending. */
    public int length(int slot) {
        return lengths[slot];
    }

    /** Sets how many bytes of {@code slot} to send. */
    public void setLength(int slot, int length) {
        if (length < 0 || length > slotBytes) {
            throw new IllegalArgumentException("length " + length + " outside 0.." + slotBytes);
        }
        lengths[slot] = length;
    }

    /** Fills {@code out} with what the kernel reported about the frame received in {@code slot}. */
    public void info(int slot, FrameInfo out) {
        long h = (long) slot * MMSGHDR_SIZE;
        out.fill(names, (long) slot * NAME_STRIDE, controls, (long) slot * FrameInfo.CONTROL_SIZE,
                headers.get(ValueLayout.JAVA_LONG, h + 40), lengths[slot], headers.get(ValueLayout.JAVA_INT, h + 48));
    }

    MemorySegment vector() {
        return headers;
    }

    /** Resets the lengths the kernel overwrites on receive. */
    void prepareReceive() {
        for (int i = 0; i < slots; i++) {
            long h = (long) i * MMSGHDR_SIZE;
            iovecs.set(ValueLayout.JAVA_LONG, (long) i * IOVEC_SIZE + 8, slotBytes);
            headers.set(ValueLayout.JAVA_INT, h + 8, FrameInfo.SOCKADDR_LL_SIZE);
            headers.set(ValueLayout.JAVA_LONG, h + 40, FrameInfo.CONTROL_SIZE);
            headers.set(ValueLayout.JAVA_INT, h + 48, 0);
        }
    }

    void received(int count) {
        for (int i = 0; i < count; i++) {
            lengths[i] = headers.get(ValueLayout.JAVA_INT, (long) i * MMSGHDR_SIZE + 56);
        }
    }

    /** Sends from the bound interface: no address, no control data. */
    void prepareSend(int count) {
        for (int i = 0; i < count; i++) {
            long h = (long) i * MMSGHDR_SIZE;
            iovecs.set(ValueLayout.JAVA_LONG, (long) i * IOVEC_SIZE + 8, lengths[i]);
            headers.set(ValueLayout.JAVA_INT, h + 8, 0);
            headers.set(ValueLayout.JAVA_LONG, h + 40, 0L);
        }
    }

    /** Frees the buffers. Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
