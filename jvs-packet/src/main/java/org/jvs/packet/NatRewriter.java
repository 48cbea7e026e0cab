package org.jvs.packet;

import java.lang.foreign.MemorySegment;

/**
 * The header rewrites of LVS-NAT ("masquerading"), done the way the kernel's IPVS does them, on a frame
 * {@link PacketParser} accepted. In the inbound direction the destination becomes the real server
 * ({@code ip_vs_nat_xmit}); on replies the source becomes the virtual service ({@code ip_vs_reply4}).
 * The IPv4 header checksum and the TCP/UDP/ICMPv6 checksum are updated incrementally (RFC 1624) for the
 * changed address and port. A UDP datagram sent without a checksum (zero, IPv4) gets a full one, as
 * the kernel's UDP NAT handler computes it (unless it is a fragment, whose payload is not all here);
 * an incremental result of zero is sent as 0xFFFF. ICMP errors about a connection are translated with
 * {@link #translateIcmpErrorV4} / {@link #translateIcmpErrorV6} ({@code ip_vs_nat_icmp}).
 *
 * <p>Addresses: IPv4 as ints in network order; IPv6 as {@code high}/{@code low} longs (see
 * {@link Ipv6Header}). Ports 0..65535; the port argument is ignored for packets without ports (ICMP
 * echo, IPIP payloads). The {@link ParsedFrame}'s cached ports follow the rewrite. Stateless and
 * thread-safe (the frame is not); never allocates.
 */
public final class NatRewriter {
    private NatRewriter() {
    }

    /** Inbound NAT: the IPv4 destination becomes {@code address}:{@code port} (the real server). */
    public static void setDestinationV4(ParsedFrame f, int address, int port) {
        rewriteV4(f, false, address, port);
    }

    /** Reply NAT: the IPv4 source becomes {@code address}:{@code port} (the virtual service). */
    public static void setSourceV4(ParsedFrame f, int address, int port) {
        rewriteV4(f, true, address, port);
    }

    /** Inbound NAT for IPv6: the destination becomes {@code high:low}, port {@code port}. */
    public static void setDestinationV6(ParsedFrame f, long high, long low, int port) {
        rewriteV6(f, false, high, low, port);
    }

    /** Reply NAT for IPv6: the source becomes {@code high:low}, port {@code port}. */
    public static void setSourceV6(ParsedFrame f, long high, long low, int port) {
        rewriteV6(f, true, high, low, port);
    }

    private static void rewriteV4(ParsedFrame f, boolean source, int address, int port) {
        Ipv4Header ip = f.ipv4();
        int old = source ? ip.source() : ip.destination();
        ip.setChecksum(Checksum.update32(ip.checksum(), old, address));
        if (source) {
            ip.setSource(address);
        } else {
            ip.setDestination(address);
        }
        if (f.l4Protocol() == IpProtocol.TCP || f.l4Protocol() == IpProtocol.UDP) {
            rewriteTransport(f, source, port, Checksum.delta32(old, address));
        }
    }

    private static void rewriteV6(ParsedFrame f, boolean source, long high, long low, int port) {
        MemorySegment s = f.segment();
        int at = f.l3Offset() + (source ? Ipv6Header.SOURCE_OFFSET : Ipv6Header.DESTINATION_OFFSET);
        int delta = Checksum.fold((long) Checksum.delta32(Bytes.i32(s, at), (int) (high >>> 32))
                + Checksum.delta32(Bytes.i32(s, at + 4), (int) high)
                + Checksum.delta32(Bytes.i32(s, at + 8), (int) (low >>> 32))
                + Checksum.delta32(Bytes.i32(s, at + 12), (int) low));
        Bytes.put64(s, at, high);
        Bytes.put64(s, at + 8, low);
        int p = f.l4Protocol();
        if (p == IpProtocol.TCP || p == IpProtocol.UDP || p == IpProtocol.ICMPV6) {
            rewriteTransport(f, source, port, delta);
        }
    }

    /**
     * Updates the transport checksum for a pseudo-header change worth {@code addressDelta} and, for TCP
     * and UDP, stores the new port and adds its change.
     */
    private static void rewriteTransport(ParsedFrame f, boolean source, int port, int addressDelta) {
        MemorySegment s = f.segment();
        int l4 = f.l4Offset();
        int protocol = f.l4Protocol();
        int field = l4 + Checksum.transportChecksumOffset(protocol);
        int delta = addressDelta;
        if (protocol != IpProtocol.ICMPV6) {
            int portAt = l4 + (source ? 0 : 2);
            delta = Checksum.fold((long) delta + Checksum.delta16(Bytes.u16(s, portAt), port));
            Bytes.put16(s, portAt, port);
            if (source) {
                f.sourcePort = port;
            } else {
                f.destinationPort = port;
            }
        }
        if (protocol == IpProtocol.UDP && Bytes.u16(s, field) == 0) {
            // No checksum to update: compute a whole one as the kernel does, if all bytes are here.
            if (!f.isFragment()) {
                Checksum.fillTransport(f);
            }
            return;
        }
        int c = Checksum.adjust(Bytes.u16(s, field), delta);
        if (c == 0 && protocol == IpProtocol.UDP) {
            c = 0xFFFF;
        }
        Bytes.put16(s, field, c);
    }

    /**
     * Translates an ICMPv4 error about a NATed connection ({@code ip_vs_nat_icmp}). {@code outbound}
     * (from a real server towards a client): the outer source and the quoted destination become
     * {@code address}, the quoted destination port becomes {@code port}. Inbound (towards a real
     * server): the outer destination and the quoted source become {@code address}, the quoted source
     * port becomes {@code port}. The quoted IP header checksum and the ICMP checksum are recomputed; the
     * quoted transport checksum is left alone, as the kernel does (the quote is usually truncated).
     * Requires {@link ParsedFrame#isIcmpError()} on an IPv4 frame.
     */
    public static void translateIcmpErrorV4(ParsedFrame f, boolean outbound, int address, int port) {
        Ipv4Header outer = f.ipv4();
        Ipv4Header inner = f.innerIpv4();
        int outerOld = outbound ? outer.source() : outer.destination();
        outer.setChecksum(Checksum.update32(outer.checksum(), outerOld, address));
        if (outbound) {
            outer.setSource(address);
            inner.setDestination(address);
        } else {
            outer.setDestination(address);
            inner.setSource(address);
        }
        inner.fillChecksum();
        translateQuotedPort(f, outbound, port);
        if (!f.isFragment()) {
            Checksum.fillTransport(f);
        }
    }

    /**
     * The IPv6 counterpart of {@link #translateIcmpErrorV4}: outer and quoted addresses and the quoted
     * port change the same way, and the ICMPv6 checksum (over its pseudo-header) is recomputed.
     */
    public static void translateIcmpErrorV6(ParsedFrame f, boolean outbound, long high, long low, int port) {
        Ipv6Header outer = f.ipv6();
        Ipv6Header inner = f.innerIpv6();
        if (outbound) {
            outer.setSource(high, low);
            inner.setDestination(high, low);
        } else {
            outer.setDestination(high, low);
            inner.setSource(high, low);
        }
        translateQuotedPort(f, outbound, port);
        if (!f.isFragment()) {
            Checksum.fillTransport(f);
        }
    }

    private static void translateQuotedPort(ParsedFrame f, boolean outbound, int port) {
        if (f.innerSourcePort() == ParsedFrame.NONE) {
            return;
        }
        Bytes.put16(f.segment(), f.innerL4Offset() + (outbound ? 2 : 0), port);
        if (outbound) {
            f.innerDestinationPort = port;
        } else {
            f.innerSourcePort = port;
        }
    }
}
