package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * Builds the ICMP errors a director sends about a frame it cannot forward: port unreachable,
 * fragmentation needed / packet too big with the MTU, and TTL / hop limit exceeded. The reply is a
 * whole Ethernet frame addressed back to the frame's sender (same VLAN tag), quoting the offending
 * datagram from its IP header on, as much as fits in 576 bytes for IPv4 (RFC 1812 4.3.2.3, as Linux's
 * icmp_send does) or 1280 bytes for IPv6 (RFC 4443 2.4 c) — always the header and at least 8 more
 * bytes (RFC 792). IPv4 errors carry TOS "internetwork control" plus the original's TOS bits and TTL
 * 64, without DF, like the kernel's; IPv6 errors hop limit 64.
 *
 * <p>No error is built (the result is 0) where RFC 1122 3.2.2 / RFC 1812 4.3.2.7 / RFC 4443 2.4 e
 * forbid one: about an ICMP error (or unknown ICMP type), about a datagram to a broadcast or
 * multicast address (link or IP; IPv6 Packet Too Big excepted), or from a source that is not a unicast
 * host (unspecified, loopback, multicast, class E). Non-first fragments never reach here: the parser
 * drops them.
 *
 * <p>{@code out} must not overlap the original frame. Addresses as in {@link NatRewriter}; MACs as in
 * {@link MacAddress}. Stateless and thread-safe; never allocates.
 */
public final class IcmpErrors {
    /** Largest IPv4 datagram an ICMP error may be, in bytes. */
    public static final int MAX_V4_ERROR_LENGTH = 576;
    /** Largest IPv6 packet an ICMPv6 error may be, in bytes (the IPv6 minimum MTU). */
    public static final int MAX_V6_ERROR_LENGTH = 1280;
    /** A buffer this large (from {@code offset}) holds any error frame built here. */
    public static final int MAX_FRAME_LENGTH = EthernetFrame.HEADER_LENGTH + EthernetFrame.VLAN_TAG_LENGTH
            + MAX_V6_ERROR_LENGTH;
    private static final int TTL = 64;
    /** IPTOS_PREC_INTERNETCONTROL, ORed into the kept IPTOS_TOS_MASK bits (0x1E) of the original. */
    private static final int TOS_INTERNETCONTROL = 0xC0;
    private static final int TOS_MASK = 0x1E;

    private IcmpErrors() {
    }

    /** Destination unreachable, port unreachable: no service behind a UDP port. */
    public static int portUnreachableV4(ParsedFrame original, MemorySegment out, int offset, long sourceMac,
            int sourceAddress, int identification) {
        return writeV4(original, out, offset, sourceMac, sourceAddress, identification,
                IcmpHeader.DESTINATION_UNREACHABLE, IcmpHeader.CODE_PORT_UNREACHABLE, 0);
    }

    /** Destination unreachable, fragmentation needed and DF set, with the next-hop MTU in bytes (RFC 1191). */
    public static int fragmentationNeededV4(ParsedFrame original, MemorySegment out, int offset, long sourceMac,
            int sourceAddress, int identification, int nextHopMtu) {
        return writeV4(original, out, offset, sourceMac, sourceAddress, identification,
                IcmpHeader.DESTINATION_UNREACHABLE, IcmpHeader.CODE_FRAGMENTATION_NEEDED, nextHopMtu & 0xFFFF);
    }

    /** Time exceeded in transit: the TTL would reach zero here. */
    public static int timeExceededV4(ParsedFrame original, MemorySegment out, int offset, long sourceMac,
            int sourceAddress, int identification) {
        return writeV4(original, out, offset, sourceMac, sourceAddress, identification, IcmpHeader.TIME_EXCEEDED,
                IcmpHeader.CODE_TTL_EXCEEDED, 0);
    }

    /**
     * Writes an ICMPv4 error frame at {@code offset} of {@code out} about the IPv4 frame
     * {@code original}, from {@code sourceMac}/{@code sourceAddress}.
     *
     * @param restOfHeader ICMP header bytes 4..7 (the next-hop MTU for fragmentation needed)
     * @return the frame length in bytes, or 0 when no error may be sent
     */
    public static int writeV4(ParsedFrame original, MemorySegment out, int offset, long sourceMac, int sourceAddress,
            int identification, int type, int code, int restOfHeader) {
        if (!mayAnswerV4(original)) {
            return 0;
        }
        Ipv4Header ip = original.ipv4();
        int quote = Math.min(original.l3Length(), MAX_V4_ERROR_LENGTH - Ipv4Header.MIN_LENGTH - IcmpHeader.LENGTH);
        int icmpLength = IcmpHeader.LENGTH + quote;
        int l3 = offset + EthernetFrame.writeHeader(out, offset, original.ethernet().source(), sourceMac,
                original.vlanTci(), EthernetFrame.TYPE_IPV4);
        Ipv4Header.write(out, l3, (ip.tos() & TOS_MASK) | TOS_INTERNETCONTROL, Ipv4Header.MIN_LENGTH + icmpLength,
                identification, false, TTL, IpProtocol.ICMP, sourceAddress, ip.source());
        int l4 = l3 + Ipv4Header.MIN_LENGTH;
        writeIcmp(original, out, l4, type, code, restOfHeader, quote);
        Bytes.put16(out, l4 + 2, Checksum.compute(out, l4, icmpLength));
        return l4 + icmpLength - offset;
    }

    /** ICMPv6 destination unreachable, port unreachable. */
    public static int portUnreachableV6(ParsedFrame original, MemorySegment out, int offset, long sourceMac,
            long sourceHigh, long sourceLow) {
        return writeV6(original, out, offset, sourceMac, sourceHigh, sourceLow, Icmpv6Header.DESTINATION_UNREACHABLE,
                Icmpv6Header.CODE_PORT_UNREACHABLE, 0);
    }

    /** ICMPv6 Packet Too Big with the MTU in bytes of the next link. */
    public static int packetTooBigV6(ParsedFrame original, MemorySegment out, int offset, long sourceMac,
            long sourceHigh, long sourceLow, int mtu) {
        return writeV6(original, out, offset, sourceMac, sourceHigh, sourceLow, Icmpv6Header.PACKET_TOO_BIG, 0, mtu);
    }

    /** ICMPv6 time exceeded, hop limit exceeded in transit. */
    public static int hopLimitExceededV6(ParsedFrame original, MemorySegment out, int offset, long sourceMac,
            long sourceHigh, long sourceLow) {
        return writeV6(original, out, offset, sourceMac, sourceHigh, sourceLow, Icmpv6Header.TIME_EXCEEDED,
                Icmpv6Header.CODE_HOP_LIMIT_EXCEEDED, 0);
    }

    /**
     * Writes an ICMPv6 error frame at {@code offset} of {@code out} about the IPv6 frame
     * {@code original}, from {@code sourceMac} and the address {@code sourceHigh:sourceLow}.
     *
     * @param body ICMPv6 header bytes 4..7 (the MTU for Packet Too Big)
     * @return the frame length in bytes, or 0 when no error may be sent
     */
    public static int writeV6(ParsedFrame original, MemorySegment out, int offset, long sourceMac, long sourceHigh,
            long sourceLow, int type, int code, int body) {
        if (!mayAnswerV6(original, type)) {
            return 0;
        }
        Ipv6Header ip = original.ipv6();
        int quote = Math.min(original.l3Length(), MAX_V6_ERROR_LENGTH - Ipv6Header.LENGTH - Icmpv6Header.LENGTH);
        int icmpLength = Icmpv6Header.LENGTH + quote;
        int l3 = offset + EthernetFrame.writeHeader(out, offset, original.ethernet().source(), sourceMac,
                original.vlanTci(), EthernetFrame.TYPE_IPV6);
        Ipv6Header.write(out, l3, 0, icmpLength, IpProtocol.ICMPV6, TTL, sourceHigh, sourceLow, ip.sourceHigh(),
                ip.sourceLow());
        int l4 = l3 + Ipv6Header.LENGTH;
        writeIcmp(original, out, l4, type, code, body, quote);
        int sum = Checksum.transportSum(out, 6, l3, IpProtocol.ICMPV6, l4, icmpLength);
        Bytes.put16(out, l4 + 2, ~sum & 0xFFFF);
        return l4 + icmpLength - offset;
    }

    private static void writeIcmp(ParsedFrame original, MemorySegment out, int l4, int type, int code, int word,
            int quote) {
        Bytes.put8(out, l4, type);
        Bytes.put8(out, l4 + 1, code);
        Bytes.put16(out, l4 + 2, 0);
        Bytes.put32(out, l4 + 4, word);
        MemorySegment.copy(original.segment(), original.l3Offset(), out, l4 + IcmpHeader.LENGTH, quote);
    }

    private static boolean mayAnswerV4(ParsedFrame o) {
        if (o.ipVersion() != 4 || MacAddress.isMulticast(o.ethernet().destination())) {
            return false;
        }
        int destination = o.ipv4().destination();
        int source = o.ipv4().source();
        if (destination == -1 || destination >>> 28 == 0xE) {
            return false;
        }
        int firstOctet = source >>> 24;
        if (firstOctet == 0 || firstOctet == 127 || source >>> 28 >= 0xE) {
            return false;
        }
        if (o.l4Protocol() == IpProtocol.ICMP) {
            int t = o.icmp().type();
            return !IcmpHeader.isError(t) && t <= IcmpHeader.MAX_KNOWN_TYPE;
        }
        return true;
    }

    private static boolean mayAnswerV6(ParsedFrame o, int type) {
        if (o.ipVersion() != 6) {
            return false;
        }
        Ipv6Header ip = o.ipv6();
        boolean multicastDestination = MacAddress.isMulticast(o.ethernet().destination())
                || ip.destinationHigh() >>> 56 == 0xFF;
        if (multicastDestination && type != Icmpv6Header.PACKET_TOO_BIG) {
            return false;
        }
        long high = ip.sourceHigh();
        long low = ip.sourceLow();
        if (high >>> 56 == 0xFF || (high == 0 && (low == 0 || low == 1))) {
            return false;
        }
        if (o.l4Protocol() == IpProtocol.ICMPV6) {
            int t = o.icmpv6().type();
            return !Icmpv6Header.isError(t) && t != Icmpv6Header.REDIRECT;
        }
        return true;
    }
}
