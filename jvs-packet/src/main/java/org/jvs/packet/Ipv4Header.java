package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * IPv4 header (RFC 791), options included. Addresses are ints in network order (10.0.0.1 is
 * 0x0A000001). Setters write the field only; {@link #decrementTtl()} and {@link #fillChecksum()}
 * maintain the header checksum. See {@link Flyweight} for the access and thread-safety rules.
 */
public final class Ipv4Header extends Flyweight {
    /** Length in bytes of a header without options. */
    public static final int MIN_LENGTH = 20;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SOURCE_OFFSET = 12;
    public static final int DESTINATION_OFFSET = 16;
    /** Don't Fragment, in the flags/fragment-offset word. */
    public static final int FLAG_DF = 0x4000;
    /** More Fragments, in the flags/fragment-offset word. */
    public static final int FLAG_MF = 0x2000;
    /** Fragment offset in 8-byte units, in the flags/fragment-offset word. */
    public static final int OFFSET_MASK = 0x1FFF;
    /** The two ECN bits of the TOS byte (RFC 3168). */
    public static final int ECN_MASK = 0x03;
    /** ECN codepoint "Congestion Experienced". */
    public static final int ECN_CE = 0x03;

    /** Points this view at the header starting at {@code offset}. */
    public Ipv4Header wrap(MemorySegment segment, int offset) {
        bind(segment, offset);
        return this;
    }

    /** The version nibble: 4 for a valid header. */
    public int version() {
        return u8(0) >>> 4;
    }

    /** IHL in bytes (20..60). */
    public int headerLength() {
        return (u8(0) & 0x0F) * 4;
    }

    /** The TOS / DS field byte (DSCP and ECN). */
    public int tos() {
        return u8(1);
    }

    /** Sets the TOS / DS field byte. */
    public void setTos(int tos) {
        put8(1, tos);
    }

    /** Total length of the datagram in bytes, header included. */
    public int totalLength() {
        return u16(2);
    }

    /** Sets the total length in bytes. */
    public void setTotalLength(int bytes) {
        put16(2, bytes);
    }

    /** Identification: which datagram a fragment belongs to. */
    public int identification() {
        return u16(4);
    }

    /** Sets the identification. */
    public void setIdentification(int id) {
        put16(4, id);
    }

    /** The raw flags/fragment-offset word. */
    public int fragmentWord() {
        return u16(6);
    }

    /** Whether DF is set: routers must not fragment, they send "fragmentation needed". */
    public boolean dontFragment() {
        return (u16(6) & FLAG_DF) != 0;
    }

    /** Whether MF is set: more fragments of this datagram follow. */
    public boolean moreFragments() {
        return (u16(6) & FLAG_MF) != 0;
    }

    /** Fragment offset in bytes. */
    public int fragmentOffset() {
        return (u16(6) & OFFSET_MASK) * 8;
    }

    /** Time to live, in hops. */
    public int ttl() {
        return u8(8);
    }

    /** Sets the time to live in hops. */
    public void setTtl(int ttl) {
        put8(8, ttl);
    }

    /** Transport protocol ({@link IpProtocol}). */
    public int protocol() {
        return u8(9);
    }

    /** Header checksum. */
    public int checksum() {
        return u16(CHECKSUM_OFFSET);
    }

    /** Stores a header checksum. */
    public void setChecksum(int checksum) {
        put16(CHECKSUM_OFFSET, checksum);
    }

    /** Source address. */
    public int source() {
        return i32(SOURCE_OFFSET);
    }

    /** Sets the source address. */
    public void setSource(int address) {
        put32(SOURCE_OFFSET, address);
    }

    /** Destination address. */
    public int destination() {
        return i32(DESTINATION_OFFSET);
    }

    /** Sets the destination address. */
    public void setDestination(int address) {
        put32(DESTINATION_OFFSET, address);
    }

    /** Whether the header checksum verifies over {@link #headerLength()} bytes. */
    public boolean checksumValid() {
        return Checksum.sum(segment(), offset(), headerLength(), 0) == Checksum.VALID_SUM;
    }

    /** Recomputes the header checksum from scratch (what the kernel's ip_send_check does). */
    public void fillChecksum() {
        setChecksum(0);
        setChecksum(Checksum.compute(segment(), offset(), headerLength()));
    }

    /**
     * Decrements the TTL by one as a router does, updating the checksum incrementally (RFC 1624). The
     * caller checks {@code ttl() > 1} first: a datagram that would reach zero gets ICMP time exceeded.
     *
     * @return the new TTL
     */
    public int decrementTtl() {
        int word = u16(8);
        setChecksum(Checksum.update16(checksum(), word, word - 0x100));
        put8(8, (word >>> 8) - 1);
        return (word >>> 8) - 1;
    }

    /**
     * Writes an option-less header with a valid checksum at {@code offset}; fragment offset zero.
     *
     * @param totalLength datagram length in bytes, header included
     * @return the header length in bytes ({@link #MIN_LENGTH})
     */
    public static int write(MemorySegment s, int offset, int tos, int totalLength, int identification,
            boolean dontFragment, int ttl, int protocol, int source, int destination) {
        Bytes.put8(s, offset, 0x45);
        Bytes.put8(s, offset + 1, tos);
        Bytes.put16(s, offset + 2, totalLength);
        Bytes.put16(s, offset + 4, identification);
        Bytes.put16(s, offset + 6, dontFragment ? FLAG_DF : 0);
        Bytes.put8(s, offset + 8, ttl);
        Bytes.put8(s, offset + 9, protocol);
        Bytes.put16(s, offset + CHECKSUM_OFFSET, 0);
        Bytes.put32(s, offset + SOURCE_OFFSET, source);
        Bytes.put32(s, offset + DESTINATION_OFFSET, destination);
        Bytes.put16(s, offset + CHECKSUM_OFFSET, Checksum.compute(s, offset, MIN_LENGTH));
        return MIN_LENGTH;
    }
}
