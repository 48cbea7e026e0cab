package org.jvs.realserver;

import java.lang.foreign.MemorySegment;
import org.jvs.packet.Checksum;
import org.jvs.packet.Encapsulation;
import org.jvs.packet.EthernetFrame;
import org.jvs.packet.IpProtocol;
import org.jvs.packet.Ipv4Header;
import org.jvs.packet.Ipv6Header;
import org.jvs.packet.PacketParser;
import org.jvs.packet.ParseStatus;
import org.jvs.packet.ParsedFrame;

/**
 * The receiving end of an LVS-TUN tunnel, in place: recognises an IPIP, IPv6-in-IP or GRE packet (or,
 * when a GUE port is set, a GUE packet to that UDP port), over IPv4 or IPv6, addressed to one of this
 * host's own addresses, strips the outer headers and leaves the inner IPv4 or IPv6 packet ready to be
 * written to a TUN device, as the kernel's ipip, ip6_tunnel (or fou) receive path would deliver it: congestion marks carried inward (RFC 6040), inner TTL
 * untouched. Frames that are no tunnel packet for this host are left alone: the kernel has its own
 * copy of them. Tunnel packets that cannot be delivered are counted by {@link DropReason}.
 *
 * <p>A frame that crossed a veth from a sender using checksum offload arrives with only the
 * pseudo-header sum in the inner transport checksum (AF_PACKET {@code TP_STATUS_CSUMNOTREADY}); a TUN
 * device takes packets as if from a wire, so the decoder completes that checksum.
 *
 * <p>Not thread-safe: one per receiving thread. Never allocates.
 */
final class TunnelDecoder {
    /** {@link #decode} result: not a tunnel packet for this host. */
    static final int IGNORED = 0;
    /** {@link #decode} result: a tunnel packet for this host that was dropped and counted. */
    static final int DROPPED = -1;

    private final PacketParser parser = new PacketParser(false);
    private final ParsedFrame outer = new ParsedFrame();
    private final ParsedFrame inner = new ParsedFrame();
    private final Ipv4Header ip = new Ipv4Header();
    private final Ipv6Header ip6 = new Ipv6Header();
    private final int[] localAddresses;
    private final long[] localV6;
    private final int guePort;
    private final TunnelCounters counters;
    private int innerOffset;

    /**
     * @param localAddresses this host's own IPv4 addresses (network order in an int, 10.0.0.1 is
     *                       0x0A000001): tunnel packets to other addresses are transit traffic
     * @param localV6        this host's own IPv6 addresses, each as two longs (first and last
     *                       eight bytes) one after the other
     * @param guePort        the UDP port of GUE tunnels, or 0 for IPIP only
     */
    TunnelDecoder(int[] localAddresses, long[] localV6, int guePort, TunnelCounters counters) {
        this.localAddresses = localAddresses.clone();
        this.localV6 = localV6.clone();
        this.guePort = guePort;
        this.counters = counters;
    }

    /**
     * Decodes the {@code length}-byte Ethernet frame at {@code offset} of {@code buffer}, rewriting
     * it in place when it is a tunnel packet for this host.
     *
     * @param checksumNotReady whether the kernel reported the frame's checksum as partial
     * @return the inner packet's length in bytes (it starts at {@link #innerOffset()}),
     *         {@link #IGNORED} or {@link #DROPPED}
     */
    int decode(MemorySegment buffer, int offset, int length, boolean checksumNotReady) {
        ParseStatus status = parser.parse(buffer, offset, length, outer);
        int type = outer.etherType();
        if (type != EthernetFrame.TYPE_IPV4 && type != EthernetFrame.TYPE_IPV6) {
            return IGNORED;
        }
        if (status == ParseStatus.FRAGMENT) {
            // A later fragment has no UDP header to name a GUE port: only IPIP and GRE are known to be
            // ours. (An IPv6 one names its protocol only in its fragment header: the kernel gets it.)
            if (type == EthernetFrame.TYPE_IPV6) {
                return IGNORED;
            }
            ip.wrap(buffer, outer.l3Offset());
            boolean tunnel = isTunnelProtocol(ip.protocol());
            return tunnel && isLocal(ip.destination()) ? drop(DropReason.FRAGMENT) : IGNORED;
        }
        if (status.isDrop() || !isTunnelPacket() || !isForThisHost()) {
            return IGNORED;
        }
        if (outer.isFragment()) {
            return drop(DropReason.FRAGMENT);
        }
        int at = Encapsulation.innerOffset(outer, guePort);
        int version = at < 0 ? 0 : ip.wrap(buffer, at).version();
        if (version != 4 && version != 6) {
            return drop(DropReason.BAD_INNER);
        }
        int end = outer.l3End();
        int frameAt = Encapsulation.decapsulate(outer, at);
        if (frameAt < 0) {
            return drop(DropReason.CONGESTION);
        }
        int total = version == 4 ? ip.totalLength() : Ipv6Header.LENGTH + ip6.wrap(buffer, at).payloadLength();
        boolean badHeader = version == 4 && (ip.headerLength() < Ipv4Header.MIN_LENGTH || total < ip.headerLength());
        if (badHeader || total > end - at) {
            return drop(DropReason.BAD_INNER);
        }
        if (checksumNotReady && !finishChecksum(buffer, frameAt, end)) {
            return drop(DropReason.BAD_INNER);
        }
        innerOffset = at;
        return total;
    }

    /** Where the inner packet of the last successful {@link #decode} starts in the buffer. */
    int innerOffset() {
        return innerOffset;
    }

    private boolean isTunnelPacket() {
        int protocol = outer.l4Protocol();
        return isTunnelProtocol(protocol)
                || guePort != 0 && protocol == IpProtocol.UDP && outer.destinationPort() == guePort;
    }

    private static boolean isTunnelProtocol(int protocol) {
        return protocol == IpProtocol.IPIP || protocol == IpProtocol.IPV6 || protocol == IpProtocol.GRE;
    }

    private boolean isForThisHost() {
        if (outer.ipVersion() == 4) {
            return isLocal(outer.ipv4().destination());
        }
        long high = outer.ipv6().destinationHigh();
        long low = outer.ipv6().destinationLow();
        for (int i = 0; i < localV6.length; i += 2) {
            if (localV6[i] == high && localV6[i + 1] == low) {
                return true;
            }
        }
        return false;
    }

    private boolean isLocal(int address) {
        for (int local : localAddresses) {
            if (local == address) {
                return true;
            }
        }
        return false;
    }

    /** Completes a partial transport checksum of the inner packet, now a frame at {@code frameAt}. */
    private boolean finishChecksum(MemorySegment buffer, int frameAt, int end) {
        if (parser.parse(buffer, frameAt, end - frameAt, inner) != ParseStatus.OK) {
            return false;
        }
        // A fragment never carries a partial checksum: offload works on whole datagrams.
        if (!inner.isFragment()) {
            Checksum.fillTransport(inner);
        }
        return true;
    }

    private int drop(DropReason reason) {
        counters.countDrop(reason);
        return DROPPED;
    }
}
