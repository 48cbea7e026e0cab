package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * Generic UDP Encapsulation header, the 4-byte form IPVS sends for {@code --tun-type gue}
 * (draft-ietf-intarea-gue: version 2 bits, C 1 bit, Hlen 5 bits in 32-bit words of options,
 * Proto/ctype 8 bits, flags 16 bits). See {@link Flyweight} for the access and thread-safety rules.
 */
public final class GueHeader extends Flyweight {
    /** Length in bytes of the base header (without options). */
    public static final int LENGTH = 4;

    /** Points this view at the header starting at {@code offset}. */
    public GueHeader wrap(MemorySegment segment, int offset) {
        bind(segment, offset);
        return this;
    }

    /** GUE version: 0 for the header IPVS sends. */
    public int version() {
        return u8(0) >>> 6;
    }

    /** Whether this is a control message (C bit) rather than data. */
    public boolean control() {
        return (u8(0) & 0x20) != 0;
    }

    /** Length of the options after the base header, in bytes. */
    public int optionsLength() {
        return (u8(0) & 0x1F) * 4;
    }

    /** IP protocol number of the payload (4 for IPv4, 41 for IPv6) of a data message. */
    public int protocol() {
        return u8(1);
    }

    /** The 16 flag bits (zero unless remote checksum offload is used). */
    public int flags() {
        return u16(2);
    }

    /** Writes a version-0 data header without options or flags carrying {@code protocol}. */
    public static int write(MemorySegment s, int offset, int protocol) {
        Bytes.put8(s, offset, 0);
        Bytes.put8(s, offset + 1, protocol);
        Bytes.put16(s, offset + 2, 0);
        return LENGTH;
    }
}
