package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * A view of one protocol header at an offset in a MemorySegment, re-pointed with {@code wrap} for
 * each packet so that reading and writing headers never allocates. Accessors read the bytes live;
 * setters write one field and never touch checksums (the rewriting operations that keep checksums
 * valid are in {@link NatRewriter}, {@link Checksum} and the builders). A flyweight does not check
 * that the header fits: wrap only what {@link PacketParser} accepted, or an out-of-bounds access
 * throws IndexOutOfBoundsException. Not thread-safe: each data-plane thread owns its flyweights.
 */
public abstract sealed class Flyweight
        permits EthernetFrame, ArpPacket, Ipv4Header, Ipv6Header, IcmpHeader, Icmpv6Header, TcpHeader, UdpHeader,
        GueHeader {
    private MemorySegment segment = MemorySegment.NULL;
    private int offset;

    Flyweight() {
    }

    final void bind(MemorySegment s, int at) {
        this.segment = s;
        this.offset = at;
    }

    /** The segment currently viewed. */
    public final MemorySegment segment() {
        return segment;
    }

    /** Offset of the header's first byte in {@link #segment()}. */
    public final int offset() {
        return offset;
    }

    final int u8(int at) {
        return Bytes.u8(segment, offset + at);
    }

    final int u16(int at) {
        return Bytes.u16(segment, offset + at);
    }

    final int i32(int at) {
        return Bytes.i32(segment, offset + at);
    }

    final long i64(int at) {
        return Bytes.i64(segment, offset + at);
    }

    final void put8(int at, int value) {
        Bytes.put8(segment, offset + at, value);
    }

    final void put16(int at, int value) {
        Bytes.put16(segment, offset + at, value);
    }

    final void put32(int at, int value) {
        Bytes.put32(segment, offset + at, value);
    }

    final void put64(int at, long value) {
        Bytes.put64(segment, offset + at, value);
    }
}
