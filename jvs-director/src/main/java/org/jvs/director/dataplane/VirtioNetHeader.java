package org.jvs.director.dataplane;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The 10-byte {@code struct virtio_net_hdr} that packet sockets put before each frame when
 * PACKET_VNET_HDR is on: it says whether the transport checksum is still partial and whether the
 * frame is a GSO super-frame the kernel will segment on output. Little-endian fields on x86/arm.
 * Static accessors over a caller's buffer; no state.
 */
final class VirtioNetHeader {
    static final int LENGTH = 10;
    /** VIRTIO_NET_HDR_F_NEEDS_CSUM: checksum from csum_start, stored at csum_start + csum_offset. */
    static final int F_NEEDS_CSUM = 1;
    /** VIRTIO_NET_HDR_F_DATA_VALID: the kernel (or the NIC) already verified the checksum. */
    static final int F_DATA_VALID = 2;
    static final int GSO_NONE = 0;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;

    private VirtioNetHeader() {
    }

    static int flags(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }

    static int gsoType(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at + 1) & 0x7F;
    }

    static int gsoSize(MemorySegment s, long at) {
        return s.get(U16, at + 4) & 0xFFFF;
    }

    static boolean needsChecksum(MemorySegment s, long at) {
        return (flags(s, at) & F_NEEDS_CSUM) != 0;
    }

    /** Whether the transport checksum is complete but nobody has verified it yet. */
    static boolean checksumUnverified(MemorySegment s, long at) {
        return (flags(s, at) & (F_NEEDS_CSUM | F_DATA_VALID)) == 0;
    }

    static boolean isGso(MemorySegment s, long at) {
        return gsoType(s, at) != GSO_NONE;
    }

    /** Moves a header to {@code to} and shifts its frame offsets by {@code delta} bytes (encapsulation). */
    static void moveAndShift(MemorySegment s, long from, long to, int delta) {
        MemorySegment.copy(s, from, s, to, LENGTH);
        if (needsChecksum(s, to)) {
            s.set(U16, to + 6, (short) ((s.get(U16, to + 6) & 0xFFFF) + delta));
        }
        int hdrLen = s.get(U16, to + 2) & 0xFFFF;
        if (hdrLen != 0) {
            s.set(U16, to + 2, (short) (hdrLen + delta));
        }
    }

    /** Writes an empty header: a complete frame, no offloads. */
    static void clear(MemorySegment s, long at) {
        s.asSlice(at, LENGTH).fill((byte) 0);
    }
}
