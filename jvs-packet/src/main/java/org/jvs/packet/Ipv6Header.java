package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * IPv6 fixed header (RFC 8200). An address travels as two longs: {@code high} holds its first eight
 * bytes, {@code low} the last eight, both in network order (fd00::1 is high 0xFD00_0000_0000_0000L,
 * low 1). Extension headers are walked by {@link PacketParser}. See {@link Flyweight} for the access
 * and thread-safety rules.
 */
public final class Ipv6Header extends Flyweight {
    /** Length of the fixed header in bytes. */
    public static final int LENGTH = 40;
    public static final int SOURCE_OFFSET = 8;
    public static final int DESTINATION_OFFSET = 24;

    /** Points this view at the header starting at {@code offset}. */
    public Ipv6Header wrap(MemorySegment segment, int offset) {
        bind(segment, offset);
        return this;
    }

    /** The version nibble: 6 for a valid header. */
    public int version() {
        return u8(0) >>> 4;
    }

    /** Traffic class byte (DSCP and ECN). */
    public int trafficClass() {
        return (i32(0) >>> 20) & 0xFF;
    }

    /** Sets the traffic class byte. */
    public void setTrafficClass(int trafficClass) {
        put32(0, (i32(0) & 0xF00F_FFFF) | ((trafficClass & 0xFF) << 20));
    }

    /** Flow label (20 bits). */
    public int flowLabel() {
        return i32(0) & 0xF_FFFF;
    }

    /** Payload length in bytes: everything after the fixed header, extension headers included. */
    public int payloadLength() {
        return u16(4);
    }

    /** Sets the payload length in bytes. */
    public void setPayloadLength(int bytes) {
        put16(4, bytes);
    }

    /** The next header field of the fixed header. */
    public int nextHeader() {
        return u8(6);
    }

    /** Hop limit, in hops. */
    public int hopLimit() {
        return u8(7);
    }

    /** Sets the hop limit in hops. */
    public void setHopLimit(int hopLimit) {
        put8(7, hopLimit);
    }

    /**
     * Decrements the hop limit by one as a router does (no header checksum in IPv6). The caller checks
     * {@code hopLimit() > 1} first.
     *
     * @return the new hop limit
     */
    public int decrementHopLimit() {
        int h = hopLimit() - 1;
        setHopLimit(h);
        return h;
    }

    /** First eight bytes of the source address. */
    public long sourceHigh() {
        return i64(SOURCE_OFFSET);
    }

    /** Last eight bytes of the source address. */
    public long sourceLow() {
        return i64(SOURCE_OFFSET + 8);
    }

    /** First eight bytes of the destination address. */
    public long destinationHigh() {
        return i64(DESTINATION_OFFSET);
    }

    /** Last eight bytes of the destination address. */
    public long destinationLow() {
        return i64(DESTINATION_OFFSET + 8);
    }

    /** Sets the source address. */
    public void setSource(long high, long low) {
        put64(SOURCE_OFFSET, high);
        put64(SOURCE_OFFSET + 8, low);
    }

    /** Sets the destination address. */
    public void setDestination(long high, long low) {
        put64(DESTINATION_OFFSET, high);
        put64(DESTINATION_OFFSET + 8, low);
    }

    /**
     * Writes a fixed header at {@code offset} with flow label zero.
     *
     * @param payloadLength bytes after the fixed header
     * @return {@link #LENGTH}
     */
    public static int write(MemorySegment s, int offset, int trafficClass, int payloadLength, int nextHeader,
            int hopLimit, long sourceHigh, long sourceLow, long destinationHigh, long destinationLow) {
        Bytes.put32(s, offset, 0x6000_0000 | ((trafficClass & 0xFF) << 20));
        Bytes.put16(s, offset + 4, payloadLength);
        Bytes.put8(s, offset + 6, nextHeader);
        Bytes.put8(s, offset + 7, hopLimit);
        Bytes.put64(s, offset + SOURCE_OFFSET, sourceHigh);
        Bytes.put64(s, offset + SOURCE_OFFSET + 8, sourceLow);
        Bytes.put64(s, offset + DESTINATION_OFFSET, destinationHigh);
        Bytes.put64(s, offset + DESTINATION_OFFSET + 8, destinationLow);
        return LENGTH;
    }
}
