package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * TCP header (RFC 9293). Ports are 0..65535; sequence and acknowledgment numbers are unsigned 32-bit
 * values in a long. See {@link Flyweight} for the access and thread-safety rules.
 */
public final class TcpHeader extends Flyweight {
    /** Length in bytes of a header without options. */
    public static final int MIN_LENGTH = 20;
    public static final int CHECKSUM_OFFSET = 16;
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    /** Points this view at the header starting at {@code offset}. */
    public TcpHeader wrap(MemorySegment segment, int offset) {
        bind(segment, offset);
        return this;
    }

    /** Source port. */
    public int sourcePort() {
        return u16(0);
    }

    /** Sets the source port. */
    public void setSourcePort(int port) {
        put16(0, port);
    }

    /** Destination port. */
    public int destinationPort() {
        return u16(2);
    }

    /** Sets the destination port. */
    public void setDestinationPort(int port) {
        put16(2, port);
    }

    /** Sequence number (unsigned 32 bits). */
    public long sequence() {
        return i32(4) & 0xFFFF_FFFFL;
    }

    /** Acknowledgment number (unsigned 32 bits). */
    public long acknowledgment() {
        return i32(8) & 0xFFFF_FFFFL;
    }

    /** Data offset in bytes: the header length, options included (20..60). */
    public int headerLength() {
        return (u8(12) >>> 4) * 4;
    }

    /** The flag bits CWR..FIN (see the constants). */
    public int flags() {
        return u8(13);
    }

    /** Whether every bit of {@code mask} is set. */
    public boolean hasFlags(int mask) {
        return (flags() & mask) == mask;
    }

    /** Receive window in bytes, before window scaling. */
    public int window() {
        return u16(14);
    }

    /** Checksum over the pseudo-header and the segment. */
    public int checksum() {
        return u16(CHECKSUM_OFFSET);
    }

    /** Stores a checksum. */
    public void setChecksum(int checksum) {
        put16(CHECKSUM_OFFSET, checksum);
    }

    /** Urgent pointer. */
    public int urgentPointer() {
        return u16(18);
    }
}
