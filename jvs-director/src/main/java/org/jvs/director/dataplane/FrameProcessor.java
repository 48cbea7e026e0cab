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
import org.jvs.packet.ArpPacket;
import org.jvs.packet.Checksum;
import org.jvs.packet.Encapsulation;
import org.jvs.packet.EthernetFrame;
import org.jvs.packet.IcmpErrors;
import org.jvs.packet.IpProtocol;
import org.jvs.packet.Ipv4Header;
import org.jvs.packet.NatRewriter;
import org.jvs.packet.PacketParser;
import org.jvs.packet.ParseStatus;
import org.jvs.packet.ParsedFrame;

/**
 * LVS-NAT, LVS-DR and LVS-TUN on one frame at a time, IPv4: classify, hand to the connection core
 * (ip_vs_in for traffic to a virtual address, ip_vs_out for NAT replies), rewrite in place and
 * transmit toward the next hop that the routing table and the neighbour cache name. Offload state
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
    /** Unknown neighbours are looked up in the kernel's ARP table at most this often. */
    private static final long NEIGHBOUR_SEED_INTERVAL_NS = 200_000_000L;
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** Where the neighbour cache turns on a miss (the kernel's ARP table in production). */
    interface NeighbourSource {
        void seed(NeighbourCache cache, long nowNs) throws IOException;
    }

    private final Link[] links;
    private final Map<String, Link> linksByName = new HashMap<>();
    private final VirtualServerTable table;
    private final IpvsCore core;
    private final ConnectionTable connections;
    private final Transmitter transmitter;
    private final NeighbourCache neighbours;
    private final NeighbourSource neighbourSource;
    private final IntPredicate isVip;
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
    /** Frames whose next hop is being resolved; 32 of the largest size, as the kernel's unres_qlen. */
    private final PendingFrames pending = new PendingFrames(32, VirtioNetHeader.LENGTH + MAX_FRAME);
    /** The next hop of the frame being sent when its MAC is not known yet, else 0. */
    private int unresolvedHop;
    private final long[] drops = new long[DropReason.values().length];
    private final long[] parseDrops = new long[ParseStatus.values().length];
    private RouteTable routes;
    private long neighboursSeededNs = Long.MIN_VALUE / 2;
    private int ipId;
    private long forwarded;

    FrameProcessor(Link[] links, VirtualServerTable table, IpvsCore core, RouteTable routes,
                   NeighbourCache neighbours, NeighbourSource neighbourSource, Transmitter transmitter) {
        this.links = links.clone();
        for (Link l : links) {
            linksByName.put(l.name, l);
        }
        this.table = table;
        this.core = core;
        this.connections = core.connections();
        this.routes = routes;
        this.neighbours = neighbours;
        this.neighbourSource = neighbourSource;
        this.transmitter = transmitter;
        this.isVip = a -> table.isVirtualAddress(AddressFamily.INET, 0, a & 0xFFFF_FFFFL);
        Arena arena = Arena.ofAuto();
        this.ownRx = arena.allocate(HEADROOM + VirtioNetHeader.LENGTH + MAX_FRAME, 64);
        this.rx = ownRx;
        this.segment = arena.allocate(SEGMENT_AT + MAX_FRAME, 64);
        this.tx = arena.allocate(VirtioNetHeader.LENGTH + IcmpErrors.MAX_FRAME_LENGTH + ArpPacket.FRAME_LENGTH, 64);
    }

    /** The receive buffer: a frame's virtio-net header goes at {@link #RX_OFFSET}, the frame right after. */
    MemorySegment rxBuffer() {
        return ownRx;
    }

    /** Replaces the routing table (reloaded from the kernel). */
    void setRoutes(RouteTable routes) {
        this.routes = routes;
    }

    long forwarded() {
        return forwarded;
    }

    long drops(DropReason reason) {
        return drops[reason.ordinal()] + (reason == DropReason.NO_NEIGHBOUR ? pending.dropped() : 0);
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
            ArpPacket arp = frame.arp();
            if (arp.isEthernetIpv4()) {
                neighbours.learn(arp.senderIp(), arp.senderMac(), nowNs);
                pending.release(arp.senderIp(), arp.senderMac(), nowNs, this::sendReleased);
            }
            return;
        }
        if (type != EthernetFrame.TYPE_IPV4 || !forThisHost || frame.isFragment()) {
            return;
        }
        int l4 = frame.l4Protocol();
        if (l4 == IpProtocol.ICMP && frame.isIcmpError()) {
            icmpError(in, nowNs);
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

    /** Bytes a tunnel puts in front of the inner IP packet, Ethernet excluded. */
    private static int tunnelOverhead(TunnelConfig tunnel) {
        return Ipv4Header.MIN_LENGTH + switch (tunnel.type()) {
            case GUE -> Encapsulation.GUE_OVERHEAD;
            case GRE -> Encapsulation.greOverhead(tunnel.flags() == TunnelConfig.CSUM);
            case IPIP -> 0;
        };
    }

    /**
     * Writes the outer headers of {@code tunnel} in front of the IPv4 packet at {@code inner}, as
     * {@code ip_vs_tunnel_xmit} does. REMCSUM (remote checksum offload) is sent as NOCSUM: jvs
     * completes partial inner checksums itself where an outer checksum covers them.
     */
    private void encapsulate(MemorySegment s, int inner, TunnelConfig tunnel, int source, int destination) {
        boolean checksum = tunnel.flags() == TunnelConfig.CSUM;
        switch (tunnel.type()) {
            case GUE -> Encapsulation.gueV4(s, inner, source, destination, nextIpId(), true,
                    Encapsulation.flowSourcePort(flowHash()), tunnel.port(), checksum);
            case GRE -> Encapsulation.greV4(s, inner, source, destination, nextIpId(), true, checksum);
            case IPIP -> Encapsulation.ipipV4(s, inner, source, destination, nextIpId(), true);
        }
    }

    /** A hash of the current frame's flow, for the GUE source port (the kernel's skb_get_hash). */
    private int flowHash() {
        Ipv4Header ip = frame.ipv4();
        int h = ip.source() * 0x9E37_79B9 ^ ip.destination();
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
        long mac = neighbour(out, nextHop, nowNs);
        // Built as if the MAC were known, then held until ARP answers (see emit).
        unresolvedHop = mac == NeighbourCache.UNKNOWN ? nextHop : 0;
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
        if (tunnel != null && gso) {
            tunnelSegments(in, out, origin, destination, tunnel, mac, nowNs);
            return;
        }
        ip.decrementTtl();
        int vnetAt = RX_OFFSET;
        int length = frame.frameLength();
        if (tunnel != null) {
            if (tunnel.flags() == TunnelConfig.CSUM && VirtioNetHeader.needsChecksum(rx, RX_OFFSET)) {
                // The outer checksum covers the inner packet: its own checksum must be final first.
                Checksum.fillTransport(frame);
                VirtioNetHeader.clear(rx, RX_OFFSET);
            }
            int ethernetAt = frame.l3Offset() - overhead - EthernetFrame.HEADER_LENGTH;
            vnetAt = ethernetAt - VirtioNetHeader.LENGTH;
            // The outer headers land on the received virtio header: move that out of the way first.
            VirtioNetHeader.moveAndShift(rx, RX_OFFSET, vnetAt, overhead);
            encapsulate(rx, frame.l3Offset(), tunnel, out.sourceFor(destination, isVip), destination);
            EthernetFrame.writeHeader(rx, ethernetAt, mac, out.mac, EthernetFrame.NO_VLAN, EthernetFrame.TYPE_IPV4);
            length = EthernetFrame.HEADER_LENGTH + overhead + (frame.l3End() - frame.l3Offset());
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
        if (unresolvedHop != 0) {
            pending.hold(unresolvedHop, out.slot, buffer, at, length, nowNs);
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
     * A GSO super-frame for a tunnel: the kernel cannot segment under our IPIP header, so each
     * segment is cut here (complete checksums), encapsulated and sent. If a segment plus the outer
     * header does not fit the link and DF is set, the client is told the tunnel's MTU instead, as
     * the kernel does for GSO frames that fail its MTU check.
     */
    private void tunnelSegments(Link in, Link out, int origin, int destination, TunnelConfig tunnel, long mac,
            long nowNs) throws IOException {
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
        int source = out.sourceFor(destination, isVip);
        int innerAt = SEGMENT_AT + VirtioNetHeader.LENGTH + EthernetFrame.HEADER_LENGTH + overhead;
        int linkHeader = frame.l3Offset() - frame.frameOffset();
        int segments = TcpSegmenter.count(frame, gsoSize);
        for (int i = 0; i < segments; i++) {
            // The copied inner Ethernet header lands where the outer headers then go.
            int innerIp = segmenter.write(frame, gsoSize, i, segment, innerAt - linkHeader) - linkHeader;
            encapsulate(segment, innerAt, tunnel, source, destination);
            int ethernetAt = innerAt - overhead - EthernetFrame.HEADER_LENGTH;
            EthernetFrame.writeHeader(segment, ethernetAt, mac, out.mac, EthernetFrame.NO_VLAN, EthernetFrame.TYPE_IPV4);
            VirtioNetHeader.clear(segment, ethernetAt - VirtioNetHeader.LENGTH);
            int length = EthernetFrame.HEADER_LENGTH + overhead + innerIp;
            emit(out, segment, ethernetAt - VirtioNetHeader.LENGTH, VirtioNetHeader.LENGTH + length, false, nowNs);
        }
    }

    /** After NAT: a partial transport checksum holds the pseudo-header sum, which must match the new addresses. */
    private void fixPartialChecksum() {
        if (!VirtioNetHeader.needsChecksum(rx, RX_OFFSET)) {
            return;
        }
        Ipv4Header ip = frame.ipv4();
        int l4Length = ip.totalLength() - ip.headerLength();
        int field = frame.l4Offset() + Checksum.transportChecksumOffset(frame.l4Protocol());
        rx.set(BE16, field, (short) Checksum.pseudoHeaderV4(ip.source(), ip.destination(), frame.l4Protocol(), l4Length));
    }

    /** The MAC of {@code address} on {@code out}; on a miss asks the kernel's table, then ARPs for it (UNKNOWN). */
    private long neighbour(Link out, int address, long nowNs) throws IOException {
        long mac = neighbours.lookup(address, nowNs);
        if (mac != NeighbourCache.UNKNOWN) {
            return mac;
        }
        if (nowNs - neighboursSeededNs > NEIGHBOUR_SEED_INTERVAL_NS) {
            neighboursSeededNs = nowNs;
            neighbourSource.seed(neighbours, nowNs);
            mac = neighbours.lookup(address, nowNs);
            if (mac != NeighbourCache.UNKNOWN) {
                return mac;
            }
        }
        if (pending.shouldProbe(address, nowNs)) {
            VirtioNetHeader.clear(tx, 0);
            int len = ArpPacket.writeRequest(tx, VirtioNetHeader.LENGTH, out.mac, out.sourceFor(address, isVip), address);
            transmitter.send(out.slot, tx, 0, VirtioNetHeader.LENGTH + len);
        }
        return NeighbourCache.UNKNOWN;
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
