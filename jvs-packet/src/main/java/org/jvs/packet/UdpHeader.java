package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * UDP header (RFC 768). Over IPv4 a checksum of zero means "not computed", and a computed zero is sent
 * as 0xFFFF; over IPv6 the checksum is mandatory. See {@link Flyweight} for the access and
 * thread-safety rules.
 */
public final class UdpHeader extends Flyweight {
    public static final int LENGTH = 8;
    public static final int CHECKSUM_OFFSET = 6;

    /** Points this view at the header starting at {@code offset}. */
    public UdpHeader wrap(MemorySegment segment, int offset) {
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

    /** Length of header plus data in bytes. */
    public int length() {
        return u16(4);
    }

    /** Sets the length of header plus data in bytes. */
    public void setLength(int bytes) {
        put16(4, bytes);
    }

    /** Checksum over the pseudo-header and the datagram; zero over IPv4 means none. */
    public int checksum() {
        return u16(CHECKSUM_OFFSET);
    }

    /** Stores a checksum. */
    public void setChecksum(int checksum) {
        put16(CHECKSUM_OFFSET, checksum);
    }

    /** Writes a header with checksum zero; fill it with {@link Checksum#fillTransport} when wanted. */
    public static int write(MemorySegment s, int offset, int sourcePort, int destinationPort, int length) {
        Bytes.put16(s, offset, sourcePort);
        Bytes.put16(s, offset + 2, destinationPort);
        Bytes.put16(s, offset + 4, length);
        Bytes.put16(s, offset + CHECKSUM_OFFSET, 0);
        return LENGTH;
    }
}
