package org.jvs.director.dataplane;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;
import org.jvs.director.route.NeighbourCache;
import org.jvs.director.route.Ipv6RouteTable;
import org.jvs.director.route.RouteTable;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.conn.ConnectionTable;
import org.jvs.ipvs.conn.IpvsCore;
import org.jvs.ipvs.conn.Verdict;
import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.TunnelConfig;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.packet.Checksum;
import org.jvs.packet.Encapsulation;
import org.jvs.packet.EthernetFrame;
import org.jvs.packet.IcmpErrors;
import org.jvs.packet.IpProtocol;
import org.jvs.packet.Ipv4Header;
import org.jvs.packet.Ipv6Header;
import org.jvs.packet.NatRewriter;
import org.jvs.packet.NeighborDiscovery;
import org.jvs.packet.PacketParser;
import org.jvs.packet.ParseStatus;
import org.jvs.packet.ParsedFrame;

/**
 * LVS-NAT, LVS-DR and LVS-TUN on one frame at a time, IPv4 and IPv6: classify, hand to the
 * connection core (ip_vs_in for traffic to a virtual address, ip_vs_out for NAT replies), rewrite in
 * place and transmit toward the next hop that the routing table and the {@link NeighbourResolver}
 * name. The two families take the same steps in separate methods, as the kernel's IPVS has its
 * _v6 twins: the header fields, errors and neighbour protocols differ at every step. Offload state
 * travels in the virtio-net header in front of the frame: partial checksums are fixed up after NAT
 * and GSO super-frames are left for the kernel to segment on output.
 *
 * <p>No I/O of its own (frames come in through {@link #rxBuffer()}, go out through a
 * {@link Transmitter}), so it is tested without sockets. Data-plane thread only; allocates nothing
 * per frame.
 */
final class FrameProcessor {
    /** Room in front of a received frame for a tunnel header, its Ethernet header and a virtio header. */
    static final int HEADROOM = 64;
    /** Where {@link #process} expects the virtio-net header of a received frame. */
    static final int RX_OFFSET = HEADROOM;
    private static final int FRAME_AT = HEADROOM + VirtioNetHeader.LENGTH;
    static final int MAX_FRAME = 65_536 + 64;
    /** The segment buffer's start offset: room for the virtio header below the outer headers. */
    private static final int SEGMENT_AT = 16;
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final Link[] links;
    private final Map<String, Link> linksByName = new HashMap<>();
    private final VirtualServerTable table;
    private final IpvsCore core;
    private final ConnectionTable connections;
    private final Transmitter transmitter;
    private final NeighbourResolver neighbours;
    private final IntPredicate isVip;
    /** Sends frames that waited for their next hop; one instance, not a new lambda per ARP reply. */
    private final PendingFrames.Sender releasedSender = this::sendReleased;
    private final Link.Ipv6Predicate isVip6;
    private final PacketParser parser = new PacketParser(false);
    private final ParsedFrame frame = new ParsedFrame();
    private final PacketKey key = new PacketKey();
    private final MemorySegment ownRx;
    /** The buffer of the frame being handled: {@link #ownRx} or a receive batch's slot. */
    private MemorySegment rx;
    private final MemorySegment tx;
    /** Where tunnel segments are built: headroom for the outer headers, then one inner segment. */
    private final MemorySegment segment;
    private final TcpSegmenter segmenter = new TcpSegmenter();
    /** Whether the next hop of the frame being sent is still unknown (then it waits for it, see emit). */
    private boolean unresolved;
    /** Outer addresses of the tunnel the current frame goes into (set before encapsulating). */
    private int tunnelSource;
    private int tunnelDestination;
    private long tunnelSourceHigh;
    private long tunnelSourceLow;
    private long tunnelDestinationHigh;
    private long tunnelDestinationLow;
    private long unresolvedHigh;
    private long unresolvedLow;
    private final long[] drops = new long[DropReason.values().length];
    private final long[] parseDrops = new long[ParseStatus.values().length];
    private RouteTable routes;
    private Ipv6RouteTable routes6;
    private int ipId;
    private long forwarded;

    FrameProcessor(Link[] links, VirtualServerTable table, IpvsCore core, RouteTable routes, Ipv6RouteTable routes6,
                   NeighbourCache neighbours, NeighbourResolver.NeighbourSource neighbourSource,
                   Transmitter transmitter) {
        this.links = links.clone();
        for (Link l : links) {
            linksByName.put(l.name, l);
        }
        this.table = table;
        this.core = core;
        this.connections = core.connections();
        this.routes = routes;
        this.routes6 = routes6;
        this.neighbours = new NeighbourResolver(neighbours, neighbourSource, transmitter,
                VirtioNetHeader.LENGTH + MAX_FRAME);
        this.transmitter = transmitter;
        this.isVip = a -> table.isVirtualAddress(AddressFamily.INET, 0, a & 0xFFFF_FFFFL);
        this.isVip6 = (high, low) -> table.isVirtualAddress(AddressFamily.INET6, high, low);
        Arena arena = Arena.ofAuto();
        this.ownRx = arena.allocate(HEADROOM + VirtioNetHeader.LENGTH + MAX_FRAME, 64);
        this.rx = ownRx;
        this.segment = arena.allocate(SEGMENT_AT + MAX_FRAME, 64);
        this.tx = arena.allocate(VirtioNetHeader.LENGTH + IcmpErrors.MAX_FRAME_LENGTH, 64);
    }

    /** The receive buffer: a frame's virtio-net header goes at {@link #RX_OFFSET}, the frame right after. */
    MemorySegment rxBuffer() {
        return ownRx;
    }

    /** Replaces the routing tables (reloaded from the kernel). */
    void setRoutes(RouteTable routes, Ipv6RouteTable routes6) {
        this.routes = routes;
        this.routes6 = routes6;
    }

    long forwarded() {
        return forwarded;
    }

    long drops(DropReason reason) {
        return drops[reason.ordinal()] + (reason == DropReason.NO_NEIGHBOUR ? neighbours.dropped() : 0);
    }

    long parseDrops(ParseStatus status) {
        return parseDrops[status.ordinal()];
    }

    /**
     * Handles the frame of {@code length} bytes (virtio-net header excluded) that arrived on
     * interface {@code slot} with the given PACKET_* type and now sits in {@link #rxBuffer()}.
     */
    void process(int slot, int length, boolean forThisHost, long nowNs) throws IOException {
        process(ownRx, slot, length, forThisHost, nowNs);
    }

    /**
     * Handles a frame in {@code buffer} (its virtio-net header at {@link #RX_OFFSET}, at least
     * {@link #HEADROOM} bytes free before it), e.g. a slot of a receive batch.
     */
    void process(MemorySegment buffer, int slot, int length, boolean forThisHost, long nowNs) throws IOException {
        rx = buffer;
        Link in = links[slot];
        ParseStatus status = parser.parse(rx, FRAME_AT, length, frame);
        if (status.isDrop()) {
            parseDrops[status.ordinal()]++;
            return;
        }
        int type = frame.etherType();
        if (type == EthernetFrame.TYPE_ARP) {
            neighbours.learn(frame.arp(), nowNs, releasedSender);
            return;
        }
        if (type == EthernetFrame.TYPE_IPV6 && NeighborDiscovery.isNeighborMessage(frame)) {
            neighbours.learn(frame, nowNs, releasedSender);
            return;
        }
        if (!forThisHost || frame.isFragment()) {
            return;
        }
        int l4 = frame.l4Protocol();
        if ((l4 == IpProtocol.ICMP || l4 == IpProtocol.ICMPV6) && frame.isIcmpError()) {
            if (type == EthernetFrame.TYPE_IPV4) {
                icmpError(in, nowNs);
            } else {
                icmpErrorV6(in, nowNs);
            }
            return;
        }
        Protocol protocol = protocol(l4);
        if (protocol == null) {
            return;
        }
        if (VirtioNetHeader.checksumUnverified(rx, RX_OFFSET) && !Checksum.transportValid(frame)) {
            // A corrupted segment: incremental NAT updates would carry the damage on; drop it here.
            parseDrops[ParseStatus.BAD_L4_CHECKSUM.ordinal()]++;
            return;
        }
        if (type == EthernetFrame.TYPE_IPV4) {
            processV4(in, protocol, nowNs);
        } else if (type == EthernetFrame.TYPE_IPV6) {
            processV6(in, protocol, nowNs);
        }
    }

    /** ip_vs_in or ip_vs_out for a TCP or UDP packet over IPv4. */
    private void processV4(Link in, Protocol protocol, long nowNs) throws IOException {
        Ipv4Header ip = frame.ipv4();
        int src = ip.source();
        int dst = ip.destination();
        int flags = protocol == Protocol.TCP ? frame.tcp().flags() : 0;
        key.setV4(protocol, src, frame.sourcePort(), dst, frame.destinationPort(), nowNs);
        int ipLength = ip.totalLength();
        if (isVip.test(dst)) {
            int h = core.in(key, flags, ipLength);
            if (h >= 0) {
                toRealServer(in, h, nowNs);
            } else if (h == Verdict.UNREACHABLE) {
                answer(in, IcmpErrors.portUnreachableV4(frame, tx, VirtioNetHeader.LENGTH, in.mac, dst, nextIpId()));
            } else if (h == Verdict.DROP) {
                drops[DropReason.REFUSED.ordinal()]++;
            }
            return;
        }
        int h = core.out(key, flags, ipLength);
        if (h >= 0) {
            NatRewriter.setSourceV4(frame, (int) connections.virtualLo(h), connections.virtualPort(h));
            fixPartialChecksum();
            route(in, src, (int) connections.clientLo(h), null, nowNs);
        }
    }

    private static Protocol protocol(int ipProtocol) {
        return ipProtocol == IpProtocol.TCP ? Protocol.TCP : ipProtocol == IpProtocol.UDP ? Protocol.UDP : null;
    }

    /**
     * An ICMP error about a packet of a connection (ip_vs_in_icmp / ip_vs_out_icmp). Addressed to a
     * VIP, it is about a reply the client could not take: it goes on to the connection's real
     * server (for NAT with the VIP turned back into the real server in the outer and the quoted
     * header). Addressed elsewhere, it may be about a packet NAT sent to a real server (a
     * router's "fragmentation needed", a server's port unreachable): the client gets it with the
     * real server hidden behind the VIP again.
     */
    private void icmpError(Link in, long nowNs) throws IOException {
        Protocol protocol = protocol(frame.innerProtocol());
        if (protocol == null) {
            return;
        }
        Ipv4Header quoted = frame.innerIpv4();
        // The quoted packet went from its source to its destination; the connection's packet
        // that would answer it goes the other way.
        key.setV4(protocol, quoted.destination(), frame.innerDestinationPort(), quoted.source(),
                frame.innerSourcePort(), nowNs);
        int origin = frame.ipv4().source();
        if (isVip.test(frame.ipv4().destination())) {
            int h = core.lookupIn(key);
            if (h < 0 || connections.destIsV6(h)) {
                return;
            }
            int rip = (int) connections.destLo(h);
            ForwardingMethod method = connections.method(h);
            if (method == ForwardingMethod.MASQ) {
                NatRewriter.translateIcmpErrorV4(frame, false, rip, connections.destPort(h));
            }
            route(in, origin, rip, tunnel(h, method), nowNs);
            return;
        }
        int h = core.lookupOut(key);
        if (h >= 0 && connections.method(h) == ForwardingMethod.MASQ) {
            NatRewriter.translateIcmpErrorV4(frame, true, (int) connections.virtualLo(h), connections.virtualPort(h));
            route(in, origin, (int) connections.clientLo(h), null, nowNs);
        }
    }

    private void toRealServer(Link in, int h, long nowNs) throws IOException {
        if (connections.destIsV6(h)) {
            drops[DropReason.NO_ROUTE.ordinal()]++;
            return;
        }
        int rip = (int) connections.destLo(h);
        if (routes.isLocal(rip)) {
            toLocalStack();
            return;
        }
        int origin = frame.ipv4().source();
        ForwardingMethod method = connections.method(h);
        if (method == ForwardingMethod.MASQ) {
            NatRewriter.setDestinationV4(frame, rip, connections.destPort(h));
            fixPartialChecksum();
        }
        route(in, origin, rip, tunnel(h, method), nowNs);
    }

    /** The tunnel of connection {@code h}'s real server, or null when it is not LVS-TUN. */
    private TunnelConfig tunnel(int h, ForwardingMethod method) {
        if (method != ForwardingMethod.TUNNEL) {
            return null;
        }
        RealServer dest = connections.dest(h);
        return dest == null ? TunnelConfig.IPIP : dest.tunnel();
    }

    /** Bytes a tunnel puts in front of the current frame's IP packet, Ethernet excluded. */
    private int tunnelOverhead(TunnelConfig tunnel) {
        return (frame.ipVersion() == 4 ? Ipv4Header.MIN_LENGTH : Ipv6Header.LENGTH) + switch (tunnel.type()) {
            case GUE -> Encapsulation.GUE_OVERHEAD;
            case GRE -> Encapsulation.greOverhead(tunnel.flags() == TunnelConfig.CSUM);
            case IPIP -> 0;
        };
    }

    /** Sets the outer addresses of the IPv4 tunnel the current frame goes into. */
    private void setTunnelEndpoints(int source, int destination) {
        tunnelSource = source;
        tunnelDestination = destination;
    }

    /** Sets the outer addresses of the IPv6 tunnel the current frame goes into. */
    private void setTunnelEndpoints(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow) {
        tunnelSourceHigh = sourceHigh;
        tunnelSourceLow = sourceLow;
        tunnelDestinationHigh = destinationHigh;
        tunnelDestinationLow = destinationLow;
    }

    /**
     * Writes the outer headers of {@code tunnel}, between the endpoints last set, in front of the IP
     * packet at {@code inner}, as {@code ip_vs_tunnel_xmit} (and its _v6 twin) does: IPIP or
     * ip6ip6, GUE or GRE. REMCSUM (remote checksum offload) is sent as NOCSUM: jvs completes partial
     * inner checksums itself where an outer checksum covers them.
     */
    private void encapsulate(MemorySegment s, int inner, TunnelConfig tunnel) {
        boolean checksum = tunnel.flags() == TunnelConfig.CSUM;
        if (frame.ipVersion() == 4) {
            int source = tunnelSource;
            int destination = tunnelDestination;
            switch (tunnel.type()) {
                case GUE -> Encapsulation.gueV4(s, inner, source, destination, nextIpId(), true,
                        Encapsulation.flowSourcePort(flowHash()), tunnel.port(), checksum);
                case GRE -> Encapsulation.greV4(s, inner, source, destination, nextIpId(), true, checksum);
                case IPIP -> Encapsulation.ipipV4(s, inner, source, destination, nextIpId(), true);
            }
            return;
        }
        switch (tunnel.type()) {
            case GUE -> Encapsulation.gueV6(s, inner, tunnelSourceHigh, tunnelSourceLow, tunnelDestinationHigh,
                    tunnelDestinationLow, Encapsulation.flowSourcePort(flowHash()), tunnel.port(), checksum);
            case GRE -> Encapsulation.greV6(s, inner, tunnelSourceHigh, tunnelSourceLow, tunnelDestinationHigh,
                    tunnelDestinationLow, checksum);
            case IPIP -> Encapsulation.ipipV6(s, inner, tunnelSourceHigh, tunnelSourceLow, tunnelDestinationHigh,
                    tunnelDestinationLow);
        }
    }

    /**
     * Puts the current frame into {@code tunnel} where it lies, toward {@code mac} on {@code out}.
     *
     * @return where the frame's virtio-net header now starts; the frame is
     *         {@code EthernetFrame.HEADER_LENGTH + overhead + frame.l3Length()} bytes after it
     */
    private int encapsulateInPlace(Link out, TunnelConfig tunnel, int overhead, long mac) {
        if (tunnel.flags() == TunnelConfig.CSUM && VirtioNetHeader.needsChecksum(rx, RX_OFFSET)) {
            // The outer checksum covers the inner packet: its own checksum must be final first.
            Checksum.fillTransport(frame);
            VirtioNetHeader.clear(rx, RX_OFFSET);
        }
        int ethernetAt = frame.l3Offset() - overhead - EthernetFrame.HEADER_LENGTH;
        int vnetAt = ethernetAt - VirtioNetHeader.LENGTH;
        // The outer headers land on the received virtio header: move that out of the way first.
        VirtioNetHeader.moveAndShift(rx, RX_OFFSET, vnetAt, overhead);
        encapsulate(rx, frame.l3Offset(), tunnel);
        EthernetFrame.writeHeader(rx, ethernetAt, mac, out.mac, EthernetFrame.NO_VLAN, etherType());
        return vnetAt;
    }

    private int etherType() {
        return frame.ipVersion() == 4 ? EthernetFrame.TYPE_IPV4 : EthernetFrame.TYPE_IPV6;
    }

    /**
     * A GSO super-frame for a tunnel: the kernel cannot segment under our outer header, so each
     * segment of {@code gsoSize} payload bytes is cut here (complete checksums), encapsulated and sent.
     */
    private void emitTunnelSegments(Link out, TunnelConfig tunnel, int gsoSize, long mac, long nowNs)
            throws IOException {
        int overhead = tunnelOverhead(tunnel);
        int innerAt = SEGMENT_AT + VirtioNetHeader.LENGTH + EthernetFrame.HEADER_LENGTH + overhead;
        int linkHeader = frame.l3Offset() - frame.frameOffset();
        int segments = TcpSegmenter.count(frame, gsoSize);
        for (int i = 0; i < segments; i++) {
            // The copied inner Ethernet header lands where the outer headers then go.
            int innerIp = segmenter.write(frame, gsoSize, i, segment, innerAt - linkHeader) - linkHeader;
            encapsulate(segment, innerAt, tunnel);
            int ethernetAt = innerAt - overhead - EthernetFrame.HEADER_LENGTH;
            EthernetFrame.writeHeader(segment, ethernetAt, mac, out.mac, EthernetFrame.NO_VLAN, etherType());
            VirtioNetHeader.clear(segment, ethernetAt - VirtioNetHeader.LENGTH);
            int length = EthernetFrame.HEADER_LENGTH + overhead + innerIp;
            emit(out, segment, ethernetAt - VirtioNetHeader.LENGTH, VirtioNetHeader.LENGTH + length, false, nowNs);
        }
    }

    /** A hash of the current frame's flow, for the GUE source port (the kernel's skb_get_hash). */
    private int flowHash() {
        int h;
        if (frame.ipVersion() == 4) {
            h = frame.ipv4().source() * 0x9E37_79B9 ^ frame.ipv4().destination();
        } else {
            Ipv6Header ip = frame.ipv6();
            long x = (ip.sourceHigh() ^ ip.sourceLow()) * 0x9E37_79B9_7F4A_7C15L ^ ip.destinationHigh() ^ ip.destinationLow();
            h = (int) (x ^ (x >>> 32));
        }
        h = (h ^ (frame.sourcePort() << 16 | frame.destinationPort())) * 0x85EB_CA6B;
        return h ^ (h >>> 15);
    }

    /**
     * A connection whose real server is this host: the packet goes to the local stack as it came,
     * whatever the forwarding method, as the kernel's IPVS did for local real servers (LOCALNODE)
     * and still does for DR and TUN — a local server listens on the VIP's port.
     */
    private void toLocalStack() throws IOException {
        int linkHeader = frame.l3Offset() - frame.frameOffset();
        int vnetAt = frame.l3Offset() - VirtioNetHeader.LENGTH;
        VirtioNetHeader.moveAndShift(rx, RX_OFFSET, vnetAt, -linkHeader);
        if (transmitter.send(Transmitter.LOCAL_STACK, rx, vnetAt, VirtioNetHeader.LENGTH + frame.l3End() - frame.l3Offset())) {
            forwarded++;
        } else {
            drops[DropReason.TX_REFUSED.ordinal()]++;
        }
    }

    /**
     * Sends the current frame toward {@code destination}: route, TTL, MTU, next-hop MAC, and for
     * LVS-TUN ({@code tunnel} not null) the outer headers. Errors go back to {@code origin} through {@code in}.
     */
    private void route(Link in, int origin, int destination, TunnelConfig tunnel, long nowNs) throws IOException {
        RouteTable.Route r = routes.lookup(destination);
        Link out = r == null ? null : linksByName.get(r.device());
        if (out == null) {
            drops[DropReason.NO_ROUTE.ordinal()]++;
            return;
        }
        int nextHop = RouteTable.nextHop(r, destination);
        long mac = neighbours.resolveV4(out, nextHop, isVip, nowNs);
        // Built as if the MAC were known, then held until ARP answers (see emit).
        setUnresolved(mac, 0, NeighbourCache.mappedV4(nextHop));
        Ipv4Header ip = frame.ipv4();
        if (ip.ttl() <= 1) {
            drops[DropReason.TTL_EXPIRED.ordinal()]++;
            answer(in, IcmpErrors.timeExceededV4(frame, tx, VirtioNetHeader.LENGTH, in.mac,
                    in.sourceFor(origin, isVip), nextIpId()));
            return;
        }
        boolean gso = VirtioNetHeader.isGso(rx, RX_OFFSET);
        int overhead = tunnel == null ? 0 : tunnelOverhead(tunnel);
        if (!gso && ip.totalLength() + overhead > out.mtu) {
            if (ip.dontFragment()) {
                drops[DropReason.TOO_BIG.ordinal()]++;
                answer(in, IcmpErrors.fragmentationNeededV4(frame, tx, VirtioNetHeader.LENGTH, in.mac,
                        in.sourceFor(origin, isVip), nextIpId(), out.mtu - overhead));
            } else {
                drops[DropReason.NEEDS_FRAGMENTATION.ordinal()]++;
            }
            return;
        }
        if (tunnel != null) {
            setTunnelEndpoints(out.sourceFor(destination, isVip), destination);
        }
        if (tunnel != null && gso) {
            tunnelSegments(in, out, origin, tunnel, mac, nowNs);
            return;
        }
        ip.decrementTtl();
        forwardInPlace(out, tunnel, overhead, mac, nowNs);
    }

    /**
     * Sends the current frame, its TTL or hop limit already lowered, toward {@code mac} on
     * {@code out} from where it lies: inside {@code tunnel} if there is one, else with new MACs only.
     */
    private void forwardInPlace(Link out, TunnelConfig tunnel, int overhead, long mac, long nowNs) throws IOException {
        int vnetAt = RX_OFFSET;
        int length = frame.frameLength();
        if (tunnel != null) {
            vnetAt = encapsulateInPlace(out, tunnel, overhead, mac);
            length = EthernetFrame.HEADER_LENGTH + overhead + frame.l3Length();
        } else {
            EthernetFrame eth = frame.ethernet();
            eth.setDestination(mac);
            eth.setSource(out.mac);
        }
        emit(out, rx, vnetAt, VirtioNetHeader.LENGTH + length, true, nowNs);
    }

    /**
     * Transmits a finished frame, or holds it while its next hop is resolved. {@code inPlace}: the
     * frame lies in the receive buffer, which stays untouched until the forwarder's next receive, so
     * it may leave with the rest of the batch.
     */
    private void emit(Link out, MemorySegment buffer, int at, int length, boolean inPlace, long nowNs)
            throws IOException {
        if (unresolved) {
            neighbours.hold(unresolvedHigh, unresolvedLow, out.slot, buffer, at, length, nowNs);
            return;
        }
        boolean sent = inPlace ? transmitter.queue(out.slot, buffer, at, length)
                : transmitter.send(out.slot, buffer, at, length);
        if (sent) {
            forwarded++;
        } else {
            drops[DropReason.TX_REFUSED.ordinal()]++;
        }
    }

    private void sendReleased(int slot, MemorySegment buffer, long at, int length) throws IOException {
        if (transmitter.send(slot, buffer, at, length)) {
            forwarded++;
        } else {
            drops[DropReason.TX_REFUSED.ordinal()]++;
        }
    }

    /**
     * A GSO super-frame for an IPv4 tunnel, cut into segments here (see {@link #emitTunnelSegments}).
     * If a segment plus the outer header does not fit the link and DF is set, the client is told the
     * tunnel's MTU instead, as the kernel does for GSO frames that fail its MTU check.
     */
    private void tunnelSegments(Link in, Link out, int origin, TunnelConfig tunnel, long mac, long nowNs)
            throws IOException {
        Ipv4Header ip = frame.ipv4();
        int gsoSize = VirtioNetHeader.gsoSize(rx, RX_OFFSET);
        if (frame.l4Protocol() != IpProtocol.TCP || gsoSize == 0) {
            drops[DropReason.GSO_TUNNEL.ordinal()]++;
            return;
        }
        int overhead = tunnelOverhead(tunnel);
        if (TcpSegmenter.segmentIpLength(frame, gsoSize) + overhead > out.mtu) {
            drops[DropReason.TOO_BIG.ordinal()]++;
            if (ip.dontFragment()) {
                answer(in, IcmpErrors.fragmentationNeededV4(frame, tx, VirtioNetHeader.LENGTH, in.mac,
                        in.sourceFor(origin, isVip), nextIpId(), out.mtu - overhead));
            }
            return;
        }
        ip.decrementTtl();
        emitTunnelSegments(out, tunnel, gsoSize, mac, nowNs);
    }

    /** After NAT: a partial transport checksum holds the pseudo-header sum, which must match the new addresses. */
    private void fixPartialChecksum() {
        if (!VirtioNetHeader.needsChecksum(rx, RX_OFFSET)) {
            return;
        }
        int l4Length = frame.l3End() - frame.l4Offset();
        int field = frame.l4Offset() + Checksum.transportChecksumOffset(frame.l4Protocol());
        int sum = frame.ipVersion() == 4
                ? Checksum.pseudoHeaderV4(frame.ipv4().source(), frame.ipv4().destination(), frame.l4Protocol(), l4Length)
                : Checksum.pseudoHeaderV6(rx, frame.l3Offset(), frame.l4Protocol(), l4Length);
        rx.set(BE16, field, (short) sum);
    }

    /** Records whether the next hop {@code high:low} still has to answer before the frame may leave. */
    private void setUnresolved(long mac, long high, long low) {
        unresolved = mac == NeighbourCache.UNKNOWN;
        unresolvedHigh = high;
        unresolvedLow = low;
    }

    /** ip_vs_in_v6 or ip_vs_out_v6 for a TCP or UDP packet over IPv6. */
    private void processV6(Link in, Protocol protocol, long nowNs) throws IOException {
        Ipv6Header ip = frame.ipv6();
        long srcHigh = ip.sourceHigh();
        long srcLow = ip.sourceLow();
        long dstHigh = ip.destinationHigh();
        long dstLow = ip.destinationLow();
        int flags = protocol == Protocol.TCP ? frame.tcp().flags() : 0;
        key.setV6(protocol, srcHigh, srcLow, frame.sourcePort(), dstHigh, dstLow, frame.destinationPort(), nowNs);
        int ipLength = frame.l3Length();
        if (isVip6.test(dstHigh, dstLow)) {
            int h = core.in(key, flags, ipLength);
            if (h >= 0) {
                toRealServerV6(in, h, nowNs);
            } else if (h == Verdict.UNREACHABLE) {
                answer(in, IcmpErrors.portUnreachableV6(frame, tx, VirtioNetHeader.LENGTH, in.mac, dstHigh, dstLow));
            } else if (h == Verdict.DROP) {
                drops[DropReason.REFUSED.ordinal()]++;
            }
            return;
        }
        int h = core.out(key, flags, ipLength);
        if (h >= 0) {
            NatRewriter.setSourceV6(frame, connections.virtualHi(h), connections.virtualLo(h), connections.virtualPort(h));
            fixPartialChecksum();
            routeV6(in, connections.clientHi(h), connections.clientLo(h), null, nowNs);
        }
    }

    /** {@link #icmpError} for ICMPv6: errors about NAT connections are translated both ways. */
    private void icmpErrorV6(Link in, long nowNs) throws IOException {
        Protocol protocol = protocol(frame.innerProtocol());
        if (protocol == null) {
            return;
        }
        Ipv6Header quoted = frame.innerIpv6();
        key.setV6(protocol, quoted.destinationHigh(), quoted.destinationLow(), frame.innerDestinationPort(),
                quoted.sourceHigh(), quoted.sourceLow(), frame.innerSourcePort(), nowNs);
        Ipv6Header ip = frame.ipv6();
        if (isVip6.test(ip.destinationHigh(), ip.destinationLow())) {
            int h = core.lookupIn(key);
            if (h < 0 || !connections.destIsV6(h)) {
                return;
            }
            ForwardingMethod method = connections.method(h);
            if (method == ForwardingMethod.MASQ) {
                NatRewriter.translateIcmpErrorV6(frame, false, connections.destHi(h), connections.destLo(h),
                        connections.destPort(h));
            }
            routeV6(in, connections.destHi(h), connections.destLo(h), tunnel(h, method), nowNs);
            return;
        }
        int h = core.lookupOut(key);
        if (h >= 0 && connections.method(h) == ForwardingMethod.MASQ) {
            NatRewriter.translateIcmpErrorV6(frame, true, connections.virtualHi(h), connections.virtualLo(h),
                    connections.virtualPort(h));
            routeV6(in, connections.clientHi(h), connections.clientLo(h), null, nowNs);
        }
    }

    private void toRealServerV6(Link in, int h, long nowNs) throws IOException {
        if (!connections.destIsV6(h)) {
            drops[DropReason.NO_ROUTE.ordinal()]++;
            return;
        }
        long ripHigh = connections.destHi(h);
        long ripLow = connections.destLo(h);
        if (routes6.isLocal(ripHigh, ripLow)) {
            toLocalStack();
            return;
        }
        ForwardingMethod method = connections.method(h);
        if (method == ForwardingMethod.MASQ) {
            NatRewriter.setDestinationV6(frame, ripHigh, ripLow, connections.destPort(h));
            fixPartialChecksum();
        }
        routeV6(in, ripHigh, ripLow, tunnel(h, method), nowNs);
    }

    /**
     * {@link #route} for IPv6: route, hop limit, MTU (a router never fragments IPv6: anything too big
     * is answered with Packet Too Big), next-hop MAC by Neighbor Discovery, and for LVS-TUN the outer
     * IPv6 header. Errors go back through {@code in}, from the VIP-free address of that link.
     */
    private void routeV6(Link in, long dstHigh, long dstLow, TunnelConfig tunnel, long nowNs) throws IOException {
        Ipv6RouteTable.Route r = routes6.lookup(dstHigh, dstLow);
        Link out = r == null ? null : linksByName.get(r.device());
        int from = out == null ? -1 : out.sourceForV6(dstHigh, dstLow, isVip6);
        if (out == null || (tunnel != null && from < 0)) {
            drops[DropReason.NO_ROUTE.ordinal()]++;
            return;
        }
        long hopHigh = r.hasGateway() ? r.gatewayHigh() : dstHigh;
        long hopLow = r.hasGateway() ? r.gatewayLow() : dstLow;
        long mac = neighbours.resolveV6(out, hopHigh, hopLow, isVip6, nowNs);
        setUnresolved(mac, hopHigh, hopLow);
        Ipv6Header ip = frame.ipv6();
        int errorFrom = in.sourceForV6(ip.sourceHigh(), ip.sourceLow(), isVip6);
        if (ip.hopLimit() <= 1) {
            drops[DropReason.TTL_EXPIRED.ordinal()]++;
            if (errorFrom >= 0) {
                answer(in, IcmpErrors.hopLimitExceededV6(frame, tx, VirtioNetHeader.LENGTH, in.mac,
                        in.v6High(errorFrom), in.v6Low(errorFrom)));
            }
            return;
        }
        boolean gso = VirtioNetHeader.isGso(rx, RX_OFFSET);
        int overhead = tunnel == null ? 0 : tunnelOverhead(tunnel);
        int largest = gso && tunnel != null ? TcpSegmenter.segmentIpLength(frame, VirtioNetHeader.gsoSize(rx, RX_OFFSET))
                : gso ? 0 : frame.l3Length();
        if (largest + overhead > out.mtu) {
            drops[DropReason.TOO_BIG.ordinal()]++;
            if (errorFrom >= 0) {
                answer(in, IcmpErrors.packetTooBigV6(frame, tx, VirtioNetHeader.LENGTH, in.mac, in.v6High(errorFrom),
                        in.v6Low(errorFrom), out.mtu - overhead));
            }
            return;
        }
        if (tunnel != null) {
            setTunnelEndpoints(out.v6High(from), out.v6Low(from), dstHigh, dstLow);
            if (gso) {
                if (frame.l4Protocol() != IpProtocol.TCP || VirtioNetHeader.gsoSize(rx, RX_OFFSET) == 0) {
                    drops[DropReason.GSO_TUNNEL.ordinal()]++;
                    return;
                }
                ip.decrementHopLimit();
                emitTunnelSegments(out, tunnel, VirtioNetHeader.gsoSize(rx, RX_OFFSET), mac, nowNs);
                return;
            }
        }
        ip.decrementHopLimit();
        forwardInPlace(out, tunnel, overhead, mac, nowNs);
    }

    /** Sends an ICMP error of {@code length} bytes, built in {@code tx}, back out of {@code in}. */
    private void answer(Link in, int length) throws IOException {
        if (length > 0) {
            VirtioNetHeader.clear(tx, 0);
            transmitter.send(in.slot, tx, 0, VirtioNetHeader.LENGTH + length);
        }
    }

    private int nextIpId() {
        ipId = (ipId + 1) & 0xFFFF;
        return ipId;
    }
}
