package org.jvs.director.dataplane;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jvs.director.route.NeighbourCache;
import org.jvs.director.route.RouteTable;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.conn.ConnectionTable;
import org.jvs.ipvs.conn.IpvsCore;
import org.jvs.ipvs.conn.Verdict;
import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.netio.ErrnoException;
import org.jvs.netio.FrameInfo;
import org.jvs.netio.PollSet;
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
 * The packet data plane of the director: LVS-NAT, LVS-DR and LVS-TUN over packet sockets, IPv4.
 * Each frame is read into one reused buffer, classified, handed to the connection core (ip_vs_in
 * for traffic to a virtual address, ip_vs_out for NAT replies), rewritten in place and written to
 * the interface the kernel's routing table names, with the next hop's MAC from the neighbour cache.
 * Offload state travels in the virtio-net header: partial checksums are fixed up after NAT and GSO
 * super-frames are segmented by the kernel on output.
 *
 * <p>Runs on the data-plane thread only; allocates nothing per packet.
 */
public final class Forwarder implements AutoCloseable {
    /** Room in front of a received frame for a tunnel header, its Ethernet header and a virtio header. */
    private static final int HEADROOM = 64;
    private static final int FRAME_AT = HEADROOM + VirtioNetHeader.LENGTH;
    private static final int MAX_FRAME = 65_536 + 64;
    private static final int BATCH = 64;
    private static final long NEIGHBOUR_STALE_NS = 60_000_000_000L;
    /** Unknown neighbours are looked up in the kernel's ARP table at most this often. */
    private static final long NEIGHBOUR_SEED_INTERVAL_NS = 200_000_000L;
    private static final long ROUTE_RELOAD_INTERVAL_NS = 1_000_000_000L;

    private final Port[] ports;
    private final Map<String, Port> portsByName = new HashMap<>();
    private final PollSet pollSet;
    private final VirtualServerTable table;
    private final IpvsCore core;
    private final ConnectionTable connections;
    private final PacketParser parser = new PacketParser(false);
    private final ParsedFrame frame = new ParsedFrame();
    private final FrameInfo info = new FrameInfo();
    private final PacketKey key = new PacketKey();
    private final MemorySegment rx;
    private final MemorySegment tx;
    private final NeighbourCache neighbours = new NeighbourCache(4096, NEIGHBOUR_STALE_NS);
    private final long[] drops = new long[DropReason.values().length];
    private final java.util.function.IntPredicate isVip;
    private final long[] parseDrops = new long[ParseStatus.values().length];
    private RouteTable routes;
    private long routesLoadedNs;
    private long neighboursSeededNs = Long.MIN_VALUE / 2;
    private int ipId;
    private long forwarded;

    /** @param ports the interfaces to serve, opened in the director's network namespace */
    public Forwarder(List<Port> ports, VirtualServerTable table, IpvsCore core) throws IOException {
        this.ports = ports.toArray(Port[]::new);
        for (Port p : ports) {
            portsByName.put(p.name, p);
        }
        this.pollSet = new PollSet(ports.stream().map(p -> p.socket).toArray(org.jvs.netio.PacketSocket[]::new));
        this.table = table;
        this.isVip = a -> table.isVirtualAddress(AddressFamily.INET, 0, a & 0xFFFF_FFFFL);
        this.core = core;
        this.connections = core.connections();
        Arena arena = Arena.ofAuto();
        this.rx = arena.allocate(HEADROOM + VirtioNetHeader.LENGTH + MAX_FRAME, 64);
        this.tx = arena.allocate(VirtioNetHeader.LENGTH + IcmpErrors.MAX_FRAME_LENGTH + ArpPacket.FRAME_LENGTH, 64);
        this.routes = RouteTable.read();
        this.routesLoadedNs = System.nanoTime();
        neighbours.seedFromKernel(routesLoadedNs);
    }

    /** Opens packet sockets on the named interfaces of the calling thread's namespace. */
    public static List<Port> openPorts(List<String> names) throws IOException {
        List<Port> opened = new java.util.ArrayList<>();
        try {
            for (String n : names) {
                opened.add(Port.open(n));
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            for (Port p : opened) {
                p.close();
            }
            throw e;
        }
    }

    /** Frames handled since start. */
    public long forwarded() {
        return forwarded;
    }

    /** Frames dropped for {@code reason} since start. */
    public long drops(DropReason reason) {
        return drops[reason.ordinal()];
    }

    /** Frames the parser refused with {@code status} since start. */
    public long parseDrops(ParseStatus status) {
        return parseDrops[status.ordinal()];
    }

    /**
     * Reads and handles up to a batch of frames from every interface.
     *
     * @return the number of frames read
     */
    public int doWork(long nowNs) throws IOException {
        if (nowNs - routesLoadedNs > ROUTE_RELOAD_INTERVAL_NS) {
            routes = RouteTable.read();
            routesLoadedNs = nowNs;
        }
        int n = 0;
        for (Port port : ports) {
            for (int i = 0; i < BATCH; i++) {
                int len = port.socket.receive(rx, HEADROOM, info);
                if (len <= VirtioNetHeader.LENGTH) {
                    break;
                }
                n++;
                handle(port, len - VirtioNetHeader.LENGTH, nowNs);
            }
        }
        return n;
    }

    /** Waits up to {@code timeoutMs} for a frame on any interface. */
    public void awaitFrames(int timeoutMs) throws ErrnoException {
        pollSet.await(timeoutMs);
    }

    private void handle(Port in, int length, long nowNs) throws IOException {
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
            }
            return;
        }
        if (type != EthernetFrame.TYPE_IPV4 || info.packetType() != FrameInfo.PACKET_HOST || frame.isFragment()) {
            return;
        }
        int l4 = frame.l4Protocol();
        Protocol protocol = l4 == IpProtocol.TCP ? Protocol.TCP : l4 == IpProtocol.UDP ? Protocol.UDP : null;
        if (protocol == null) {
            return;
        }
        Ipv4Header ip = frame.ipv4();
        int src = ip.source();
        int dst = ip.destination();
        int flags = protocol == Protocol.TCP ? frame.tcp().flags() : 0;
        key.setV4(protocol, src, frame.sourcePort(), dst, frame.destinationPort(), nowNs);
        int ipLength = ip.totalLength();
        if (table.isVirtualAddress(AddressFamily.INET, 0, dst & 0xFFFF_FFFFL)) {
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
            route(in, src, (int) connections.clientLo(h), false, nowNs);
        }
    }

    private void toRealServer(Port in, int h, long nowNs) throws IOException {
        if (connections.destIsV6(h)) {
            drops[DropReason.NO_ROUTE.ordinal()]++;
            return;
        }
        int rip = (int) connections.destLo(h);
        ForwardingMethod method = connections.method(h);
        switch (method) {
            case MASQ -> {
                NatRewriter.setDestinationV4(frame, rip, connections.destPort(h));
                fixPartialChecksum();
                route(in, frame.ipv4().source(), rip, false, nowNs);
            }
            case TUNNEL -> route(in, frame.ipv4().source(), rip, true, nowNs);
            default -> route(in, frame.ipv4().source(), rip, false, nowNs);
        }
    }

    /**
     * Sends the current frame toward {@code destination}: route, TTL, MTU, next-hop MAC, and for
     * tunnels the outer IPIP header. Errors go back to {@code origin} through {@code in}.
     */
    private void route(Port in, int origin, int destination, boolean tunnel, long nowNs) throws IOException {
        RouteTable.Route r = routes.lookup(destination);
        Port out = r == null ? null : portsByName.get(r.device());
        if (out == null) {
            drops[DropReason.NO_ROUTE.ordinal()]++;
            return;
        }
        int nextHop = RouteTable.nextHop(r, destination);
        long mac = neighbour(out, nextHop, nowNs);
        if (mac == NeighbourCache.UNKNOWN) {
            drops[DropReason.NO_NEIGHBOUR.ordinal()]++;
            return;
        }
        Ipv4Header ip = frame.ipv4();
        if (ip.ttl() <= 1) {
            drops[DropReason.TTL_EXPIRED.ordinal()]++;
            answer(in, IcmpErrors.timeExceededV4(frame, tx, VirtioNetHeader.LENGTH, in.mac,
                    in.sourceFor(origin, isVip), nextIpId()));
            return;
        }
        boolean gso = VirtioNetHeader.isGso(rx, HEADROOM);
        int overhead = tunnel ? Ipv4Header.MIN_LENGTH : 0;
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
        if (tunnel && gso) {
            drops[DropReason.GSO_TUNNEL.ordinal()]++;
            return;
        }
        ip.decrementTtl();
        int ethernetAt = FRAME_AT;
        int vnetAt = HEADROOM;
        int length = frame.frameLength();
        if (tunnel) {
            int outer = Encapsulation.ipipV4(rx, frame.l3Offset(), out.sourceFor(destination, isVip), destination,
                    nextIpId(), true);
            ethernetAt = outer - EthernetFrame.HEADER_LENGTH;
            EthernetFrame.writeHeader(rx, ethernetAt, mac, out.mac, EthernetFrame.NO_VLAN, EthernetFrame.TYPE_IPV4);
            vnetAt = ethernetAt - VirtioNetHeader.LENGTH;
            VirtioNetHeader.moveAndShift(rx, HEADROOM, vnetAt, Ipv4Header.MIN_LENGTH);
            length = EthernetFrame.HEADER_LENGTH + Ipv4Header.MIN_LENGTH + (frame.l3End() - frame.l3Offset());
        } else {
            EthernetFrame eth = frame.ethernet();
            eth.setDestination(mac);
            eth.setSource(out.mac);
        }
        if (out.socket.send(rx, vnetAt, VirtioNetHeader.LENGTH + length) == 0) {
            drops[DropReason.TX_QUEUE_FULL.ordinal()]++;
        } else {
            forwarded++;
        }
    }

    /** After NAT: a partial transport checksum holds the pseudo-header sum, which must match the new addresses. */
    private void fixPartialChecksum() {
        if (!VirtioNetHeader.needsChecksum(rx, HEADROOM)) {
            return;
        }
        Ipv4Header ip = frame.ipv4();
        int l4Length = ip.totalLength() - ip.headerLength();
        int field = frame.l4Offset() + Checksum.transportChecksumOffset(frame.l4Protocol());
        int pseudo = Checksum.pseudoHeaderV4(ip.source(), ip.destination(), frame.l4Protocol(), l4Length);
        rx.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN),
                field, (short) pseudo);
    }

    /** The MAC of {@code address} on {@code out}; on a miss asks the kernel's table, then ARPs for it. */
    private long neighbour(Port out, int address, long nowNs) throws IOException {
        long mac = neighbours.lookup(address, nowNs);
        if (mac != NeighbourCache.UNKNOWN) {
            return mac;
        }
        if (nowNs - neighboursSeededNs > NEIGHBOUR_SEED_INTERVAL_NS) {
            neighboursSeededNs = nowNs;
            neighbours.seedFromKernel(nowNs);
            mac = neighbours.lookup(address, nowNs);
            if (mac != NeighbourCache.UNKNOWN) {
                return mac;
            }
        }
        VirtioNetHeader.clear(tx, 0);
        int len = ArpPacket.writeRequest(tx, VirtioNetHeader.LENGTH, out.mac, out.sourceFor(address, isVip), address);
        out.socket.send(tx, 0, VirtioNetHeader.LENGTH + len);
        return NeighbourCache.UNKNOWN;
    }

    /** Sends an ICMP error of {@code length} bytes, built in {@code tx}, back out of {@code in}. */
    private void answer(Port in, int length) throws IOException {
        if (length > 0) {
            VirtioNetHeader.clear(tx, 0);
            in.socket.send(tx, 0, VirtioNetHeader.LENGTH + length);
        }
    }

    private int nextIpId() {
        ipId = (ipId + 1) & 0xFFFF;
        return ipId;
    }

    @Override
    public void close() throws IOException {
        for (Port p : ports) {
            p.close();
        }
    }
}
