package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * LVS-TUN encapsulation, in place: the outer headers are written into the headroom just before the
 * inner IP packet, which is not moved. As the kernel's {@code ip_vs_tunnel_xmit} builds them, the outer
 * header carries protocol 4 (IPIP) or 41 (IPv6 in IP), the inner packet's TTL / hop limit (decrement
 * it first), its DS field with the ECN bits copied by {@code INET_ECN_encapsulate} (CE becomes ECT(0)),
 * flow label zero, and for IPv4 the inner DF bit when path-MTU discovery is on (never for an IPv6
 * inner packet); the inner IPv4 header checksum is refreshed. GUE ({@code --tun-type gue},
 * {@code ipvs_gue_encap}) adds a UDP header (source port from the flow hash, checksum zero unless asked
 * for) and a 4-byte version-0 GUE header naming the inner protocol; GRE ({@code --tun-type gre},
 * {@code ipvs_gre_encap}) a version-0 GRE header naming the inner EtherType, with the checksum
 * field when asked for (RFC 2784). The caller writes the Ethernet
 * header at the returned offset minus its length. The caller also picks the outer IPv4 identification
 * (the kernel's {@code ip_select_ident} takes it from a per-destination counter).
 *
 * <p>Decapsulation (for a real server that receives tunnelled packets without kernel IPIP support)
 * finds the inner packet with {@link #innerOffset} and turns it into a frame with {@link #decapsulate}.
 *
 * <p>Offsets are absolute in the segment, lengths in bytes, addresses as in {@link NatRewriter}.
 * Stateless and thread-safe; never allocates.
 */
public final class Encapsulation {
    /** Bytes GUE adds after the outer IP header: UDP and the GUE base header. */
    public static final int GUE_OVERHEAD = UdpHeader.LENGTH + GueHeader.LENGTH;
    private static final int GRE_BASE = 4;
    private static final int GRE_CHECKSUM_PRESENT = 0x8000;
    private static final int GRE_KEY_PRESENT = 0x2000;
    private static final int GRE_SEQUENCE_PRESENT = 0x1000;
    /** The flag bits RFC 2890 defines; routing (RFC 1701) and the rest must be clear. */
    private static final int GRE_KNOWN_FLAGS = GRE_CHECKSUM_PRESENT | GRE_KEY_PRESENT | GRE_SEQUENCE_PRESENT;

    /** The kernel's default ip_local_port_range, which udp_flow_src_port spreads flows over. */
    private static final int FLOW_PORT_MIN = 32768;
    private static final int FLOW_PORT_MAX = 60999;

    private Encapsulation() {
    }

    /** Bytes GRE adds after the outer IP header: the base header, and the checksum word with {@code --tun-csum}. */
    public static int greOverhead(boolean checksum) {
        return checksum ? GRE_BASE + 4 : GRE_BASE;
    }

    /**
     * IPIP or IPv6-in-IPv4: writes an outer IPv4 header at {@code innerOffset - 20}.
     *
     * @param pmtuDiscovery whether the inner DF bit is copied (the IPVS {@code pmtu_disc} sysctl, default on)
     * @return the offset of the outer IP header
     */
    public static int ipipV4(MemorySegment s, int innerOffset, int source, int destination, int identification,
            boolean pmtuDiscovery) {
        int outer = headroom(innerOffset, Ipv4Header.MIN_LENGTH);
        int length = prepareInner(s, innerOffset);
        Ipv4Header.write(s, outer, outerDsField(s, innerOffset), Ipv4Header.MIN_LENGTH + length, identification,
                pmtuDiscovery && innerDontFragment(s, innerOffset), innerTtl(s, innerOffset),
                innerProtocol(s, innerOffset), source, destination);
        return outer;
    }

    /**
     * IPv4-in-IPv6 or ip6ip6: writes an outer IPv6 header at {@code innerOffset - 40}.
     *
     * @return the offset of the outer IP header
     */
    public static int ipipV6(MemorySegment s, int innerOffset, long sourceHigh, long sourceLow, long destinationHigh,
            long destinationLow) {
        int outer = headroom(innerOffset, Ipv6Header.LENGTH);
        int length = prepareInner(s, innerOffset);
        Ipv6Header.write(s, outer, outerDsField(s, innerOffset), length, innerProtocol(s, innerOffset),
                innerTtl(s, innerOffset), sourceHigh, sourceLow, destinationHigh, destinationLow);
        return outer;
    }

    /**
     * GUE over IPv4: outer IPv4 + UDP + GUE at {@code innerOffset - 32}.
     *
     * @param sourcePort UDP source port, normally {@link #flowSourcePort} of the flow's hash
     * @param destinationPort the real server's GUE port ({@code --tun-port})
     * @param udpChecksum whether to compute the UDP checksum ({@code --tun-csum}); otherwise zero
     * @return the offset of the outer IP header
     */
    public static int gueV4(MemorySegment s, int innerOffset, int source, int destination, int identification,
            boolean pmtuDiscovery, int sourcePort, int destinationPort, boolean udpChecksum) {
        int outer = headroom(innerOffset, Ipv4Header.MIN_LENGTH + GUE_OVERHEAD);
        int length = prepareInner(s, innerOffset);
        int udp = writeGue(s, innerOffset, sourcePort, destinationPort, length);
        Ipv4Header.write(s, outer, outerDsField(s, innerOffset), Ipv4Header.MIN_LENGTH + GUE_OVERHEAD + length,
                identification, pmtuDiscovery && innerDontFragment(s, innerOffset), innerTtl(s, innerOffset),
                IpProtocol.UDP, source, destination);
        if (udpChecksum) {
            fillUdpChecksum(s, 4, outer, udp, GUE_OVERHEAD + length);
        }
        return outer;
    }

    /**
     * GUE over IPv6: outer IPv6 + UDP + GUE at {@code innerOffset - 52}. Like the kernel, the UDP
     * checksum is zero unless asked for (the receiver must accept zero checksums, RFC 6935).
     *
     * @return the offset of the outer IP header
     */
    public static int gueV6(MemorySegment s, int innerOffset, long sourceHigh, long sourceLow, long destinationHigh,
            long destinationLow, int sourcePort, int destinationPort, boolean udpChecksum) {
        int outer = headroom(innerOffset, Ipv6Header.LENGTH + GUE_OVERHEAD);
        int length = prepareInner(s, innerOffset);
        int udp = writeGue(s, innerOffset, sourcePort, destinationPort, length);
        Ipv6Header.write(s, outer, outerDsField(s, innerOffset), GUE_OVERHEAD + length, IpProtocol.UDP,
                innerTtl(s, innerOffset), sourceHigh, sourceLow, destinationHigh, destinationLow);
        if (udpChecksum) {
            fillUdpChecksum(s, 6, outer, udp, GUE_OVERHEAD + length);
        }
        return outer;
    }

    /**
     * GRE over IPv4: outer IPv4 (protocol 47) + GRE at {@code innerOffset - 20 - greOverhead(checksum)}.
     *
     * @param checksum whether the GRE checksum is present and filled in ({@code --tun-csum})
     * @return the offset of the outer IP header
     */
    public static int greV4(MemorySegment s, int innerOffset, int source, int destination, int identification,
            boolean pmtuDiscovery, boolean checksum) {
        int greLength = greOverhead(checksum);
        int outer = headroom(innerOffset, Ipv4Header.MIN_LENGTH + greLength);
        int length = writeGre(s, innerOffset, checksum);
        Ipv4Header.write(s, outer, outerDsField(s, innerOffset), Ipv4Header.MIN_LENGTH + greLength + length,
                identification, pmtuDiscovery && innerDontFragment(s, innerOffset), innerTtl(s, innerOffset),
                IpProtocol.GRE, source, destination);
        return outer;
    }

    /**
     * GRE over IPv6 (ip6gre): outer IPv6 (next header 47) + GRE at
     * {@code innerOffset - 40 - greOverhead(checksum)}.
     *
     * @return the offset of the outer IP header
     */
    public static int greV6(MemorySegment s, int innerOffset, long sourceHigh, long sourceLow, long destinationHigh,
            long destinationLow, boolean checksum) {
        int greLength = greOverhead(checksum);
        int outer = headroom(innerOffset, Ipv6Header.LENGTH + greLength);
        int length = writeGre(s, innerOffset, checksum);
        Ipv6Header.write(s, outer, outerDsField(s, innerOffset), greLength + length, IpProtocol.GRE,
                innerTtl(s, innerOffset), sourceHigh, sourceLow, destinationHigh, destinationLow);
        return outer;
    }

    /** Writes the GRE header in front of the inner packet; returns the inner packet's length. */
    private static int writeGre(MemorySegment s, int innerOffset, boolean checksum) {
        int greLength = greOverhead(checksum);
        int length = prepareInner(s, innerOffset);
        int gre = innerOffset - greLength;
        Bytes.put16(s, gre, checksum ? GRE_CHECKSUM_PRESENT : 0);
        Bytes.put16(s, gre + 2, innerV4(s, innerOffset) ? EthernetFrame.TYPE_IPV4 : EthernetFrame.TYPE_IPV6);
        if (checksum) {
            Bytes.put32(s, gre + 4, 0);
            Bytes.put16(s, gre + 4, Checksum.compute(s, gre, greLength + length));
        }
        return length;
    }

    /**
     * The UDP source port for a flow, spread over the kernel's default local port range from the flow's
     * hash the way {@code udp_flow_src_port} does, so that routers hashing on ports (ECMP, RSS) keep a
     * flow on one path.
     */
    public static int flowSourcePort(int flowHash) {
        long hash = (flowHash ^ (flowHash << 16)) & 0xFFFF_FFFFL;
        return (int) ((hash * (FLOW_PORT_MAX - FLOW_PORT_MIN)) >>> 32) + FLOW_PORT_MIN;
    }

    /**
     * Where the inner IP packet of a tunnelled frame starts: after the outer header for IPIP and IPv6 in
     * IP, after the GRE header (version 0, checksum verified, key and sequence skipped), after UDP and GUE for a version-0 GUE data packet to {@code guePort} (0: GUE not in use).
     *
     * @return the inner packet's offset, or -1 when the frame is not a well-formed tunnel packet
     */
    public static int innerOffset(ParsedFrame f, int guePort) {
        int protocol = f.l4Protocol();
        if (protocol == IpProtocol.IPIP || protocol == IpProtocol.IPV6) {
            return innerFits(f.segment(), f.l4Offset(), f.l3End(), protocol) ? f.l4Offset() : -1;
        }
        if (protocol == IpProtocol.GRE) {
            return greInnerOffset(f);
        }
        if (protocol != IpProtocol.UDP || guePort == 0 || f.destinationPort() != guePort || f.isFragment()) {
            return -1;
        }
        MemorySegment s = f.segment();
        int gue = f.l4Offset() + UdpHeader.LENGTH;
        int end = f.l4Offset() + f.udp().length();
        if (end - gue < GueHeader.LENGTH) {
            return -1;
        }
        int first = Bytes.u8(s, gue);
        int inner = gue + GueHeader.LENGTH + (first & 0x1F) * 4;
        int innerProtocol = Bytes.u8(s, gue + 1);
        // Version 0, data (C clear), carrying IPv4 or IPv6.
        if ((first & 0xE0) != 0 || inner > end || !innerFits(s, inner, end, innerProtocol)) {
            return -1;
        }
        return inner;
    }

    /** A version-0 GRE packet carrying IPv4 or IPv6 with a valid checksum if it has one; -1 otherwise. */
    private static int greInnerOffset(ParsedFrame f) {
        MemorySegment s = f.segment();
        int gre = f.l4Offset();
        int end = f.l3End();
        if (f.isFragment() || end - gre < GRE_BASE) {
            return -1;
        }
        int flags = Bytes.u16(s, gre);
        if ((flags & ~GRE_KNOWN_FLAGS) != 0) {
            return -1;
        }
        int inner = gre + GRE_BASE + Integer.bitCount(flags & GRE_KNOWN_FLAGS) * 4;
        if (inner > end || (flags & GRE_CHECKSUM_PRESENT) != 0 && Checksum.compute(s, gre, end - gre) != 0) {
            return -1;
        }
        int type = Bytes.u16(s, gre + 2);
        int innerProtocol = type == EthernetFrame.TYPE_IPV4 ? IpProtocol.IPIP
                : type == EthernetFrame.TYPE_IPV6 ? IpProtocol.IPV6 : -1;
        return innerFits(s, inner, end, innerProtocol) ? inner : -1;
    }

    /**
     * Turns the tunnelled frame {@code f} into a plain frame of its inner packet at {@code innerOffset}
     * (from {@link #innerOffset}): writes an Ethernet header with the same addresses and VLAN tag just
     * before it and returns that header's offset. The new frame ends at the old {@link ParsedFrame#l3End()}
     * (parse it again from the returned offset). Congestion marked on the outer header is carried to
     * the inner one (RFC 6040).
     *
     * @return the new frame offset, or -1 when the outer header says CE and the inner packet is not
     *         ECN-capable: RFC 6040 says drop it, as Linux does
     */
    public static int decapsulate(ParsedFrame f, int innerOffset) {
        MemorySegment s = f.segment();
        int outerEcn = (f.ipVersion() == 4 ? f.ipv4().tos() : f.ipv6().trafficClass()) & Ipv4Header.ECN_MASK;
        boolean innerV4 = Bytes.u8(s, innerOffset) >>> 4 == 4;
        int innerDs = innerV4 ? Bytes.u8(s, innerOffset + 1) : (Bytes.i32(s, innerOffset) >>> 20) & 0xFF;
        if (outerEcn == Ipv4Header.ECN_CE && (innerDs & Ipv4Header.ECN_MASK) != Ipv4Header.ECN_CE) {
            if ((innerDs & Ipv4Header.ECN_MASK) == 0) {
                return -1;
            }
            setInnerDsField(s, innerOffset, innerV4, innerDs | Ipv4Header.ECN_CE);
        }
        long destination = f.ethernet().destination();
        long sourceMac = f.ethernet().source();
        int frame = innerOffset - (f.l3Offset() - f.frameOffset());
        EthernetFrame.writeHeader(s, frame, destination, sourceMac, f.vlanTci(),
                innerV4 ? EthernetFrame.TYPE_IPV4 : EthernetFrame.TYPE_IPV6);
        return frame;
    }

    private static void setInnerDsField(MemorySegment s, int inner, boolean v4, int ds) {
        if (v4) {
            int old = Bytes.u16(s, inner);
            int now = (old & 0xFF00) | ds;
            Bytes.put16(s, inner, now);
            int field = inner + Ipv4Header.CHECKSUM_OFFSET;
            Bytes.put16(s, field, Checksum.update16(Bytes.u16(s, field), old, now));
        } else {
            Bytes.put32(s, inner, (Bytes.i32(s, inner) & 0xF00F_FFFF) | (ds << 20));
        }
    }

    private static boolean innerFits(MemorySegment s, int inner, int end, int protocol) {
        int room = end - inner;
        if (protocol == IpProtocol.IPIP) {
            return room >= Ipv4Header.MIN_LENGTH && Bytes.u8(s, inner) >>> 4 == 4;
        }
        return protocol == IpProtocol.IPV6 && room >= Ipv6Header.LENGTH && Bytes.u8(s, inner) >>> 4 == 6;
    }

    private static int headroom(int innerOffset, int bytes) {
        if (innerOffset < bytes) {
            throw new IllegalArgumentException("no headroom for " + bytes + " bytes before offset " + innerOffset);
        }
        return innerOffset - bytes;
    }

    /** Refreshes an inner IPv4 header checksum (as the kernel does) and returns the inner packet length. */
    private static int prepareInner(MemorySegment s, int inner) {
        int version = Bytes.u8(s, inner) >>> 4;
        if (version == 4) {
            int ihl = (Bytes.u8(s, inner) & 0x0F) * 4;
            Bytes.put16(s, inner + Ipv4Header.CHECKSUM_OFFSET, 0);
            Bytes.put16(s, inner + Ipv4Header.CHECKSUM_OFFSET, Checksum.compute(s, inner, ihl));
            return Bytes.u16(s, inner + 2);
        }
        if (version == 6) {
            return Ipv6Header.LENGTH + Bytes.u16(s, inner + 4);
        }
        throw new IllegalArgumentException("not an IP packet at offset " + inner);
    }

    private static boolean innerV4(MemorySegment s, int inner) {
        return Bytes.u8(s, inner) >>> 4 == 4;
    }

    private static int innerProtocol(MemorySegment s, int inner) {
        return innerV4(s, inner) ? IpProtocol.IPIP : IpProtocol.IPV6;
    }

    private static int innerTtl(MemorySegment s, int inner) {
        return Bytes.u8(s, inner + (innerV4(s, inner) ? 8 : 7));
    }

    private static boolean innerDontFragment(MemorySegment s, int inner) {
        return innerV4(s, inner) && (Bytes.u16(s, inner + 6) & Ipv4Header.FLAG_DF) != 0;
    }

    /** INET_ECN_encapsulate(ds, ds): keep DSCP and ECN, except that CE is sent on as ECT(0). */
    private static int outerDsField(MemorySegment s, int inner) {
        int ds = innerV4(s, inner) ? Bytes.u8(s, inner + 1) : (Bytes.i32(s, inner) >>> 20) & 0xFF;
        return (ds & Ipv4Header.ECN_MASK) == Ipv4Header.ECN_CE ? (ds & ~Ipv4Header.ECN_MASK) | 0x02 : ds;
    }

    private static int writeGue(MemorySegment s, int inner, int sourcePort, int destinationPort, int innerLength) {
        int gue = inner - GueHeader.LENGTH;
        GueHeader.write(s, gue, innerProtocol(s, inner));
        int udp = gue - UdpHeader.LENGTH;
        UdpHeader.write(s, udp, sourcePort, destinationPort, GUE_OVERHEAD + innerLength);
        return udp;
    }

    private static void fillUdpChecksum(MemorySegment s, int ipVersion, int l3, int udp, int udpLength) {
        int c = ~Checksum.transportSum(s, ipVersion, l3, IpProtocol.UDP, udp, udpLength) & 0xFFFF;
        Bytes.put16(s, udp + UdpHeader.CHECKSUM_OFFSET, c == 0 ? 0xFFFF : c);
    }
}
