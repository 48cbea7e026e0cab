package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624), over bytes in a
 * MemorySegment. A "sum" here is the 16-bit one's-complement sum of big-endian words, folded but not
 * complemented; a "checksum" is its complement, as carried in headers. A checksummed region is valid
 * when its sum, checksum field included, is 0xFFFF. Stateless and thread-safe; never allocates.
 */
public final class Checksum {
    /** The sum of a checksummed region that verifies. */
    public static final int VALID_SUM = 0xFFFF;

    private Checksum() {
    }

    /**
     * Adds {@code length} bytes at {@code offset} to the sum {@code initial}. An odd trailing byte is
     * padded with a zero byte on its right (RFC 1071). {@code offset} must be an even distance from the
     * start of the checksummed region.
     */
    public static int sum(MemorySegment s, long offset, int length, int initial) {
        long acc = initial & 0xFFFF_FFFFL;
        int i = 0;
        // Eight bytes per step; 2^16 == 1 in one's-complement arithmetic, so 32-bit halves fold correctly.
        for (; i + 8 <= length; i += 8) {
            long v = Bytes.i64(s, offset + i);
            acc += (v >>> 32) + (v & 0xFFFF_FFFFL);
        }
        if (i + 4 <= length) {
            acc += Bytes.i32(s, offset + i) & 0xFFFF_FFFFL;
            i += 4;
        }
        if (i + 2 <= length) {
            acc += Bytes.u16(s, offset + i);
            i += 2;
        }
        if (i < length) {
            acc += Bytes.u8(s, offset + i) << 8;
        }
        return fold(acc);
    }

    /** Folds carries of a wide one's-complement accumulator into 16 bits. */
    public static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xFFFF) + (acc >>> 16);
        }
        return (int) acc;
    }

    /** The RFC 1071 checksum of a region whose checksum field (if any) holds zero. */
    public static int compute(MemorySegment s, long offset, int length) {
        return ~sum(s, offset, length, 0) & 0xFFFF;
    }

    /** Sum of the IPv4 pseudo-header (RFC 793/768): addresses, protocol and the L4 length in bytes. */
    public static int pseudoHeaderV4(int source, int destination, int protocol, int l4Length) {
        return fold((source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF)
                + (long) protocol + l4Length);
    }

    /**
     * Sum of the IPv6 pseudo-header (RFC 8200 8.1) for the packet whose fixed header starts at
     * {@code l3Offset}: both addresses as found there, the upper-layer length in bytes and the next
     * header value.
     */
    public static int pseudoHeaderV6(MemorySegment s, long l3Offset, int nextHeader, int l4Length) {
        int lengthAndNext = fold((l4Length >>> 16) + (l4Length & 0xFFFF) + nextHeader);
        return sum(s, l3Offset + Ipv6Header.SOURCE_OFFSET, 32, lengthAndNext);
    }

    /** RFC 1624 eqn. 3: the checksum after a 16-bit word covered by it changed from {@code old} to {@code now}. */
    public static int update16(int checksum, int old, int now) {
        return adjust(checksum, delta16(old, now));
    }

    /** RFC 1624 eqn. 3 for a 32-bit field (an IPv4 address, a word of an IPv6 address). */
    public static int update32(int checksum, int old, int now) {
        return adjust(checksum, delta32(old, now));
    }

    /** The one's-complement difference {@code ~old + now} of a 16-bit word, to add up several changes. */
    static int delta16(int old, int now) {
        return fold((~old & 0xFFFF) + (now & 0xFFFF));
    }

    /** {@link #delta16} for a 32-bit field. */
    static int delta32(int old, int now) {
        return fold((~old >>> 16) + (~old & 0xFFFF) + (now >>> 16) + (now & 0xFFFF));
    }

    /** Applies a sum of deltas to a checksum: HC' = ~(~HC + delta). */
    static int adjust(int checksum, int delta) {
        return ~fold((~checksum & 0xFFFF) + (long) delta) & 0xFFFF;
    }

    /**
     * The sum that verifies a transport payload: the pseudo-header when the protocol has one (TCP, UDP,
     * ICMPv6) plus {@code l4Length} bytes at {@code l4Offset}, checksum field included. Valid when
     * {@link #VALID_SUM}. For UDP pass the UDP length field as {@code l4Length}.
     */
    public static int transportSum(MemorySegment s, int ipVersion, int l3Offset, int protocol, int l4Offset,
            int l4Length) {
        int initial = 0;
        if (protocol != IpProtocol.ICMP) {
            initial = ipVersion == 4
                    ? pseudoHeaderV4(Bytes.i32(s, l3Offset + Ipv4Header.SOURCE_OFFSET),
                            Bytes.i32(s, l3Offset + Ipv4Header.DESTINATION_OFFSET), protocol, l4Length)
                    : pseudoHeaderV6(s, l3Offset, protocol, l4Length);
        }
        return sum(s, l4Offset, l4Length, initial);
    }

    /** Offset of the checksum field inside a transport header, or -1 for protocols without one here. */
    public static int transportChecksumOffset(int protocol) {
        return switch (protocol) {
            case IpProtocol.TCP -> TcpHeader.CHECKSUM_OFFSET;
            case IpProtocol.UDP -> UdpHeader.CHECKSUM_OFFSET;
            case IpProtocol.ICMP, IpProtocol.ICMPV6 -> 2;
            default -> -1;
        };
    }

    /**
     * Whether the transport checksum of a parsed, unfragmented packet verifies. An IPv4 UDP checksum of
     * zero means "none" and verifies; an IPv6 one does not (RFC 8200 8.1). Protocols without a
     * checksum here (IPIP payloads) verify trivially.
     */
    public static boolean transportValid(ParsedFrame f) {
        int protocol = f.l4Protocol();
        if (transportChecksumOffset(protocol) < 0) {
            return true;
        }
        int length = f.l4Length();
        if (protocol == IpProtocol.UDP) {
            if (f.udp().checksum() == 0) {
                return f.ipVersion() == 4;
            }
            length = f.udp().length();
        }
        return transportSum(f.segment(), f.ipVersion(), f.l3Offset(), protocol, f.l4Offset(), length) == VALID_SUM;
    }

    /**
     * Computes and stores the full transport checksum of a parsed, unfragmented packet (a UDP result
     * of zero is sent as 0xFFFF, RFC 768). Use it to finish a frame whose checksum the kernel left
     * partial (AF_PACKET TP_STATUS_CSUMNOTREADY) or after changing the payload.
     */
    public static void fillTransport(ParsedFrame f) {
        int protocol = f.l4Protocol();
        int field = transportChecksumOffset(protocol);
        if (field < 0) {
            return;
        }
        MemorySegment s = f.segment();
        int length = protocol == IpProtocol.UDP ? f.udp().length() : f.l4Length();
        Bytes.put16(s, f.l4Offset() + field, 0);
        int checksum = ~transportSum(s, f.ipVersion(), f.l3Offset(), protocol, f.l4Offset(), length) & 0xFFFF;
        if (checksum == 0 && protocol == IpProtocol.UDP) {
            checksum = 0xFFFF;
        }
        Bytes.put16(s, f.l4Offset() + field, checksum);
    }
}
