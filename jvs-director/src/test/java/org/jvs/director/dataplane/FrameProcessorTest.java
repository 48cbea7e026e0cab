package org.jvs.director.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jvs.director.route.Ipv6RouteTable;
import org.jvs.director.route.NeighbourCache;
import org.jvs.director.route.RouteTable;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.conn.ConnectionTable;
import org.jvs.ipvs.conn.IpvsCore;
import org.jvs.ipvs.conn.ServiceLookup;
import org.jvs.ipvs.sched.Schedulers;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.TunnelConfig;
import org.jvs.ipvs.service.TunnelType;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvs.stats.Stats;
import org.jvs.packet.ArpPacket;
import org.jvs.packet.Checksum;
import org.jvs.packet.Encapsulation;
import org.jvs.packet.EthernetFrame;
import org.jvs.packet.IcmpHeader;
import org.jvs.packet.IpProtocol;
import org.jvs.packet.Ipv4Header;
import org.jvs.packet.Ipv6Header;
import org.jvs.packet.PacketParser;
import org.jvs.packet.ParseStatus;
import org.jvs.packet.ParsedFrame;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The forwarding logic on hand-built frames, without sockets: the tutorial's addresses, a client
 * link eth0 and a real-server link eth1, every emitted frame captured and re-parsed with checksum
 * verification.
 */
class FrameProcessorTest {
    private static final long CLIENT_MAC = 0x02_00_00_00_00_0AL;
    private static final long DIRECTOR_ETH0 = 0x02_00_00_00_01_00L;
    private static final long DIRECTOR_ETH1 = 0x02_00_00_00_01_01L;
    private static final long RS1_MAC = 0x02_00_00_00_00_02L;
    private static final long RS2_MAC = 0x02_00_00_00_00_03L;
    private static final int CLIENT = ip("172.16.100.2");
    private static final int VIP = ip("172.16.100.1");
    private static final int RS1 = ip("172.25.254.2");
    private static final int RS2 = ip("172.25.254.3");
    private static final String ROUTES = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eth0\t0064A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            eth0\t006410AC\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            eth1\t00FE19AC\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            """;

    /** The director's own addresses as /proc/net/fib_trie lists them. */
    private static final String LOCAL_ROUTES = """
            Local:
              |-- 127.0.0.0
                 /8 host LOCAL
              |-- 172.16.100.1
                 /32 host LOCAL
              |-- 172.25.254.1
                 /32 host LOCAL
            """;

    private static final IpAddress CLIENT6 = IpAddress.parseNumeric("2001:db8::2");
    private static final IpAddress VIP6 = IpAddress.parseNumeric("2001:db8::100");
    private static final IpAddress DIP6_0 = IpAddress.parseNumeric("2001:db8::1");
    private static final IpAddress LINK_LOCAL_0 = IpAddress.parseNumeric("fe80::1:0");
    private static final IpAddress DIP6_1 = IpAddress.parseNumeric("2001:db8:1::1");
    private static final IpAddress RS6_1 = IpAddress.parseNumeric("2001:db8:1::2");
    private static final IpAddress RS6_2 = IpAddress.parseNumeric("2001:db8:1::3");
    /** /proc/net/ipv6_route of that director: two on-link prefixes and its own addresses. */
    private static final String ROUTES6 = """
            20010db8000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
            20010db8000100000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth1
            20010db8000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001     eth0
            20010db8000000000000000000000100 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001     eth0
            20010db8000100000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001     eth1
            """;

    private record Sent(int slot, byte[] bytes) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final PacketParser verifying = new PacketParser(true);
    private VirtualServerTable table;
    private FrameProcessor processor;
    private long now = 1_000_000_000L;

    private static int ip(String s) {
        return IpAddress.parseNumeric(s).v4();
    }

    @BeforeEach
    void setUp() {
        table = new VirtualServerTable(Schedulers::create);
        IpvsCore core = new IpvsCore(new ConnectionTable(12, 1 << 16, 42), ServiceLookup.of(table), new Stats());
        table.onRealServerRemoved(core.control()::destRemoved);
        // The IPv6 VIP is on eth0 too, listed first: the director must not speak from it.
        Link eth0 = new Link("eth0", 0, DIRECTOR_ETH0, 1500, new int[] {VIP}, new int[] {24},
                new long[] {VIP6.hi(), DIP6_0.hi(), LINK_LOCAL_0.hi()}, new long[] {VIP6.lo(), DIP6_0.lo(), LINK_LOCAL_0.lo()},
                new int[] {64, 64, 64});
        Link eth1 = new Link("eth1", 1, DIRECTOR_ETH1, 1500, new int[] {ip("172.25.254.1")}, new int[] {24},
                new long[] {DIP6_1.hi()}, new long[] {DIP6_1.lo()}, new int[] {64});
        NeighbourCache neighbours = new NeighbourCache(64, Long.MAX_VALUE / 4);
        neighbours.learn(CLIENT, CLIENT_MAC, 0);
        neighbours.learn(RS1, RS1_MAC, 0);
        neighbours.learn(RS2, RS2_MAC, 0);
        neighbours.learn(CLIENT6.hi(), CLIENT6.lo(), CLIENT_MAC, 0);
        neighbours.learn(RS6_1.hi(), RS6_1.lo(), RS1_MAC, 0);
        neighbours.learn(RS6_2.hi(), RS6_2.lo(), RS2_MAC, 0);
        processor = new FrameProcessor(new Link[] {eth0, eth1}, table, core, RouteTable.parse(ROUTES, LOCAL_ROUTES),
                Ipv6RouteTable.parse(ROUTES6), neighbours,
                (cache, nowNs) -> { }, (slot, buf, off, len) -> {
                    sent.add(new Sent(slot, buf.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE)));
                    return true;
                });
    }

    private void service(ForwardingMethod method, String scheduler) throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, IpAddress.ofV4(VIP), 80);
        table.addService(new ServiceConfig(key, scheduler, 0, 0, -1, ""));
        table.addDest(key, new DestConfig(IpAddress.ofV4(RS1), 8080, method, 1, 0, 0, null));
        table.addDest(key, new DestConfig(IpAddress.ofV4(RS2), 8080, method, 1, 0, 0, null));
    }

    /** Writes a TCP/IPv4 frame with valid checksums after a zeroed virtio header; returns the frame length. */
    private int tcpFrame(long dstMac, long srcMac, int src, int sport, int dst, int dport, int flags, int payload) {
        MemorySegment rx = processor.rxBuffer();
        int vnet = FrameProcessor.RX_OFFSET;
        rx.asSlice(vnet, VirtioNetHeader.LENGTH).fill((byte) 0);
        int eth = vnet + VirtioNetHeader.LENGTH;
        int l3 = eth + EthernetFrame.writeHeader(rx, eth, dstMac, srcMac, EthernetFrame.NO_VLAN, EthernetFrame.TYPE_IPV4);
        int tcpLen = 20 + payload;
        Ipv4Header.write(rx, l3, 0, 20 + tcpLen, 1, true, 64, IpProtocol.TCP, src, dst);
        writeTcp(l3 + 20, sport, dport, flags, tcpLen, Checksum.pseudoHeaderV4(src, dst, IpProtocol.TCP, tcpLen));
        return EthernetFrame.HEADER_LENGTH + 20 + tcpLen;
    }

    /** {@link #tcpFrame} over IPv6, hop limit 64. */
    private int tcpFrameV6(long dstMac, long srcMac, IpAddress src, int sport, IpAddress dst, int dport, int flags,
            int payload) {
        MemorySegment rx = processor.rxBuffer();
        int vnet = FrameProcessor.RX_OFFSET;
        rx.asSlice(vnet, VirtioNetHeader.LENGTH).fill((byte) 0);
        int eth = vnet + VirtioNetHeader.LENGTH;
        int l3 = eth + EthernetFrame.writeHeader(rx, eth, dstMac, srcMac, EthernetFrame.NO_VLAN, EthernetFrame.TYPE_IPV6);
        int tcpLen = 20 + payload;
        Ipv6Header.write(rx, l3, 0, tcpLen, IpProtocol.TCP, 64, src.hi(), src.lo(), dst.hi(), dst.lo());
        writeTcp(l3 + 40, sport, dport, flags, tcpLen, Checksum.pseudoHeaderV6(rx, l3, IpProtocol.TCP, tcpLen));
        return EthernetFrame.HEADER_LENGTH + 40 + tcpLen;
    }

    /** A TCP header without options and {@code tcpLen - 20} payload bytes, checksum filled in. */
    private void writeTcp(int l4, int sport, int dport, int flags, int tcpLen, int pseudoHeader) {
        MemorySegment rx = processor.rxBuffer();
        rx.asSlice(l4, tcpLen).fill((byte) 0x5A);
        ValueLayout.OfShort be16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        rx.set(be16, l4, (short) sport);
        rx.set(be16, l4 + 2, (short) dport);
        rx.set(ValueLayout.JAVA_BYTE, l4 + 12, (byte) 0x50);
        rx.set(ValueLayout.JAVA_BYTE, l4 + 13, (byte) flags);
        rx.set(be16, l4 + 16, (short) 0);
        int sum = Checksum.sum(rx, l4, tcpLen, pseudoHeader);
        rx.set(be16, l4 + 16, (short) (~sum & 0xFFFF));
    }

    private ParsedFrame reparse(Sent s) {
        MemorySegment seg = Arena.ofAuto().allocate(s.bytes().length);
        MemorySegment.copy(MemorySegment.ofArray(s.bytes()), 0, seg, 0, s.bytes().length);
        ParsedFrame f = new ParsedFrame();
        ParseStatus st = verifying.parse(seg, VirtioNetHeader.LENGTH, s.bytes().length - VirtioNetHeader.LENGTH, f);
        assertThat(st).as("emitted frame re-parses with valid checksums").isEqualTo(ParseStatus.OK);
        return f;
    }

    @Test
    void natRewritesTheDestinationOnTheWayInAndTheSourceOnTheWayOut() throws Exception {
        service(ForwardingMethod.MASQ, "rr");
        processor.process(0, tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40000, VIP, 80, 0x02, 0), true, now);

        assertThat(sent).hasSize(1);
        ParsedFrame in = reparse(sent.get(0));
        assertThat(sent.get(0).slot()).isEqualTo(1);
        assertThat(in.ethernet().destination()).isIn(RS1_MAC, RS2_MAC);
        assertThat(in.ethernet().source()).isEqualTo(DIRECTOR_ETH1);
        int rip = in.ipv4().destination();
        assertThat(rip).isIn(RS1, RS2);
        assertThat(in.destinationPort()).isEqualTo(8080);
        assertThat(in.ipv4().source()).isEqualTo(CLIENT);
        assertThat(in.ipv4().ttl()).isEqualTo(63);

        sent.clear();
        processor.process(1, tcpFrame(DIRECTOR_ETH1, rip == RS1 ? RS1_MAC : RS2_MAC, rip, 8080, CLIENT, 40000, 0x12, 10),
                true, now);
        ParsedFrame out = reparse(sent.get(0));
        assertThat(sent.get(0).slot()).isZero();
        assertThat(out.ethernet().destination()).isEqualTo(CLIENT_MAC);
        assertThat(out.ipv4().source()).isEqualTo(VIP);
        assertThat(out.sourcePort()).isEqualTo(80);
        assertThat(out.ipv4().destination()).isEqualTo(CLIENT);
    }

    @Test
    void directRoutingChangesOnlyTheMacAndTtl() throws Exception {
        service(ForwardingMethod.ROUTE, "rr");
        int len = tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40001, VIP, 80, 0x02, 100);
        processor.process(0, len, true, now);
        ParsedFrame f = reparse(sent.get(0));
        assertThat(f.ipv4().destination()).isEqualTo(VIP);
        assertThat(f.destinationPort()).isEqualTo(80);
        assertThat(f.ethernet().destination()).isIn(RS1_MAC, RS2_MAC);
        assertThat(sent.get(0).bytes().length).isEqualTo(VirtioNetHeader.LENGTH + len);
    }

    private void serviceV6(ForwardingMethod method) throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, VIP6, 80);
        table.addService(new ServiceConfig(key, "rr", 0, 0, ServiceConfig.V6_HOST_PREFIX, ""));
        table.addDest(key, new DestConfig(RS6_1, 8080, method, 1, 0, 0, null));
        table.addDest(key, new DestConfig(RS6_2, 8080, method, 1, 0, 0, null));
    }

    @Test
    void ipv6NatRewritesBothWaysWithValidChecksumsAndHopLimit() throws Exception {
        serviceV6(ForwardingMethod.MASQ);
        processor.process(0, tcpFrameV6(DIRECTOR_ETH0, CLIENT_MAC, CLIENT6, 40000, VIP6, 80, 0x02, 0), true, now);

        assertThat(sent).hasSize(1);
        ParsedFrame in = reparse(sent.get(0));
        assertThat(sent.get(0).slot()).isEqualTo(1);
        IpAddress rip = IpAddress.ofV6(in.ipv6().destinationHigh(), in.ipv6().destinationLow());
        assertThat(rip).isIn(RS6_1, RS6_2);
        assertThat(in.ethernet().destination()).isEqualTo(rip.equals(RS6_1) ? RS1_MAC : RS2_MAC);
        assertThat(in.ethernet().source()).isEqualTo(DIRECTOR_ETH1);
        assertThat(in.destinationPort()).isEqualTo(8080);
        assertThat(in.ipv6().sourceLow()).isEqualTo(CLIENT6.lo());
        assertThat(in.ipv6().hopLimit()).isEqualTo(63);

        sent.clear();
        processor.process(1, tcpFrameV6(DIRECTOR_ETH1, RS1_MAC, rip, 8080, CLIENT6, 40000, 0x12, 10), true, now);
        ParsedFrame out = reparse(sent.get(0));
        assertThat(sent.get(0).slot()).isZero();
        assertThat(out.ethernet().destination()).isEqualTo(CLIENT_MAC);
        assertThat(IpAddress.ofV6(out.ipv6().sourceHigh(), out.ipv6().sourceLow())).isEqualTo(VIP6);
        assertThat(out.sourcePort()).isEqualTo(80);
    }

    @Test
    void ipv6DirectRoutingChangesOnlyTheMacAndHopLimit() throws Exception {
        serviceV6(ForwardingMethod.ROUTE);
        int len = tcpFrameV6(DIRECTOR_ETH0, CLIENT_MAC, CLIENT6, 40001, VIP6, 80, 0x02, 100);
        processor.process(0, len, true, now);
        ParsedFrame f = reparse(sent.get(0));
        assertThat(IpAddress.ofV6(f.ipv6().destinationHigh(), f.ipv6().destinationLow())).isEqualTo(VIP6);
        assertThat(f.destinationPort()).isEqualTo(80);
        assertThat(f.ethernet().destination()).isIn(RS1_MAC, RS2_MAC);
        assertThat(sent.get(0).bytes().length).isEqualTo(VirtioNetHeader.LENGTH + len);
    }

    @Test
    void ipv6TunnelIsIp6ip6FromTheDirectorsAddressOnTheRealServersLink() throws Exception {
        serviceV6(ForwardingMethod.TUNNEL);
        int len = tcpFrameV6(DIRECTOR_ETH0, CLIENT_MAC, CLIENT6, 40002, VIP6, 80, 0x02, 100);
        processor.process(0, len, true, now);
        ParsedFrame outer = reparse(sent.get(0));
        assertThat(outer.ipv6().nextHeader()).isEqualTo(IpProtocol.IPV6);
        assertThat(IpAddress.ofV6(outer.ipv6().sourceHigh(), outer.ipv6().sourceLow())).isEqualTo(DIP6_1);
        assertThat(IpAddress.ofV6(outer.ipv6().destinationHigh(), outer.ipv6().destinationLow())).isIn(RS6_1, RS6_2);
        assertThat(sent.get(0).bytes().length).isEqualTo(VirtioNetHeader.LENGTH + len + 40);
        assertThat(Encapsulation.innerOffset(outer, 0)).isEqualTo(outer.l4Offset());
    }

    @Test
    void ipv6TooBigIsAnsweredWithPacketTooBigFromANonVipAddress() throws Exception {
        serviceV6(ForwardingMethod.TUNNEL);
        processor.process(0, tcpFrameV6(DIRECTOR_ETH0, CLIENT_MAC, CLIENT6, 40003, VIP6, 80, 0x02, 0), true, now);
        sent.clear();
        // 1480 bytes of IPv6 fit the client's link but not the tunnel's 1500 - 40.
        processor.process(0, tcpFrameV6(DIRECTOR_ETH0, CLIENT_MAC, CLIENT6, 40003, VIP6, 80, 0x10, 1420), true, now);
        ParsedFrame icmp = reparse(sent.get(0));
        assertThat(sent.get(0).slot()).isZero();
        assertThat(icmp.l4Protocol()).isEqualTo(IpProtocol.ICMPV6);
        assertThat(icmp.icmpv6().type()).isEqualTo(org.jvs.packet.Icmpv6Header.PACKET_TOO_BIG);
        assertThat(icmp.icmpv6().mtu()).isEqualTo(1460);
        assertThat(IpAddress.ofV6(icmp.ipv6().sourceHigh(), icmp.ipv6().sourceLow())).isEqualTo(DIP6_0);
        assertThat(processor.drops(DropReason.TOO_BIG)).isEqualTo(1);
    }

    @Test
    void ipv6ServiceWithoutRealServerAnswersPortUnreachableFromTheVip() throws Exception {
        table.addService(new ServiceConfig(ServiceKey.of(Protocol.TCP, VIP6, 80), "wlc", 0, 0, ServiceConfig.V6_HOST_PREFIX, ""));
        processor.process(0, tcpFrameV6(DIRECTOR_ETH0, CLIENT_MAC, CLIENT6, 40004, VIP6, 80, 0x02, 0), true, now);
        ParsedFrame icmp = reparse(sent.get(0));
        assertThat(icmp.icmpv6().type()).isEqualTo(org.jvs.packet.Icmpv6Header.DESTINATION_UNREACHABLE);
        assertThat(icmp.icmpv6().code()).isEqualTo(org.jvs.packet.Icmpv6Header.CODE_PORT_UNREACHABLE);
        assertThat(IpAddress.ofV6(icmp.ipv6().sourceHigh(), icmp.ipv6().sourceLow())).isEqualTo(VIP6);
        assertThat(icmp.ipv6().destinationLow()).isEqualTo(CLIENT6.lo());
    }

    @Test
    void unknownIpv6NeighbourIsSolicitedAndTheAdvertisementReleasesTheFrame() throws Exception {
        IpAddress rs = IpAddress.parseNumeric("2001:db8:1::9");
        ServiceKey key = ServiceKey.of(Protocol.TCP, VIP6, 80);
        table.addService(new ServiceConfig(key, "rr", 0, 0, ServiceConfig.V6_HOST_PREFIX, ""));
        table.addDest(key, new DestConfig(rs, 80, ForwardingMethod.MASQ, 1, 0, 0, null));
        processor.process(0, tcpFrameV6(DIRECTOR_ETH0, CLIENT_MAC, CLIENT6, 40005, VIP6, 80, 0x02, 0), true, now);
        assertThat(sent).hasSize(1);
        ParsedFrame ns = reparse(sent.get(0));
        assertThat(sent.get(0).slot()).isEqualTo(1);
        assertThat(org.jvs.packet.NeighborDiscovery.isNeighborMessage(ns)).isTrue();
        assertThat(org.jvs.packet.NeighborDiscovery.targetLow(ns)).isEqualTo(rs.lo());
        assertThat(IpAddress.ofV6(ns.ipv6().sourceHigh(), ns.ipv6().sourceLow())).isEqualTo(DIP6_1);

        // The advertisement: the solicitation turned around, type 136 with the target's link address.
        long rsMac = 0x02_00_00_00_00_09L;
        MemorySegment rx = processor.rxBuffer();
        rx.asSlice(FrameProcessor.RX_OFFSET, VirtioNetHeader.LENGTH).fill((byte) 0);
        int eth = FrameProcessor.RX_OFFSET + VirtioNetHeader.LENGTH;
        int len = org.jvs.packet.NeighborDiscovery.writeSolicitation(rx, eth, rsMac, rs.hi(), rs.lo(), rs.hi(), rs.lo());
        int l4 = eth + EthernetFrame.HEADER_LENGTH + 40;
        rx.set(ValueLayout.JAVA_BYTE, l4, (byte) org.jvs.packet.NeighborDiscovery.NEIGHBOR_ADVERTISEMENT);
        rx.set(ValueLayout.JAVA_BYTE, l4 + 24, (byte) org.jvs.packet.NeighborDiscovery.OPTION_TARGET_LINK_ADDRESS);
        ValueLayout.OfShort be16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        rx.set(be16, l4 + 2, (short) 0);
        int sum = Checksum.sum(rx, l4, 32, Checksum.pseudoHeaderV6(rx, eth + EthernetFrame.HEADER_LENGTH, IpProtocol.ICMPV6, 32));
        rx.set(be16, l4 + 2, (short) ~sum);
        processor.process(1, len, true, now + 1_000);
        assertThat(sent).hasSize(2);
        ParsedFrame released = reparse(sent.get(1));
        assertThat(released.ethernet().destination()).isEqualTo(rsMac);
        assertThat(released.ipv6().destinationLow()).isEqualTo(rs.lo());
        assertThat(processor.drops(DropReason.NO_NEIGHBOUR)).isZero();
    }

    @Test
    void aLocalRealServerGetsThePacketAsAddressedThroughTheLocalStack() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, IpAddress.ofV4(VIP), 80);
        table.addService(new ServiceConfig(key, "rr", 0, 0, -1, ""));
        table.addDest(key, new DestConfig(IpAddress.parseNumeric("127.0.0.1"), 80, ForwardingMethod.ROUTE, 1, 0, 0, null));
        int len = tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40009, VIP, 80, 0x02, 100);
        byte[] ipPacket = processor.rxBuffer().asSlice(FrameProcessor.RX_OFFSET + VirtioNetHeader.LENGTH
                + EthernetFrame.HEADER_LENGTH, len - EthernetFrame.HEADER_LENGTH).toArray(ValueLayout.JAVA_BYTE);
        processor.process(0, len, true, now);

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).slot()).isEqualTo(Transmitter.LOCAL_STACK);
        byte[] out = sent.get(0).bytes();
        // A clean virtio header, then the IP packet exactly as the client sent it (no TTL change).
        assertThat(java.util.Arrays.copyOf(out, VirtioNetHeader.LENGTH)).containsOnly(0);
        assertThat(java.util.Arrays.copyOfRange(out, VirtioNetHeader.LENGTH, out.length)).isEqualTo(ipPacket);
    }

    @Test
    void aLocalRealServerKeepsAPartialChecksumHeaderRelativeToTheIpPacket() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, IpAddress.ofV4(VIP), 80);
        table.addService(new ServiceConfig(key, "rr", 0, 0, -1, ""));
        table.addDest(key, new DestConfig(IpAddress.parseNumeric("172.25.254.1"), 80, ForwardingMethod.MASQ, 1, 0, 0, null));
        int len = tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40010, VIP, 80, 0x02, 100);
        MemorySegment rx = processor.rxBuffer();
        ValueLayout.OfShort le16 = ValueLayout.JAVA_SHORT_UNALIGNED;
        rx.set(ValueLayout.JAVA_BYTE, FrameProcessor.RX_OFFSET, (byte) VirtioNetHeader.F_NEEDS_CSUM);
        rx.set(le16, FrameProcessor.RX_OFFSET + 6, (short) (EthernetFrame.HEADER_LENGTH + 20));
        rx.set(le16, FrameProcessor.RX_OFFSET + 8, (short) 16);
        processor.process(0, len, true, now);

        MemorySegment o = MemorySegment.ofArray(sent.get(0).bytes());
        assertThat(sent.get(0).slot()).isEqualTo(Transmitter.LOCAL_STACK);
        assertThat(o.get(le16, 6)).isEqualTo((short) 20);
        assertThat(o.get(ValueLayout.JAVA_BYTE, VirtioNetHeader.LENGTH + 16)).as("destination unchanged")
                .isEqualTo((byte) 172);
    }

    @Test
    void tunnelEncapsulatesInIpipToTheRealServer() throws Exception {
        service(ForwardingMethod.TUNNEL, "rr");
        int len = tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40002, VIP, 80, 0x02, 100);
        processor.process(0, len, true, now);
        ParsedFrame outer = reparse(sent.get(0));
        assertThat(outer.ipv4().protocol()).isEqualTo(IpProtocol.IPIP);
        assertThat(outer.ipv4().source()).isEqualTo(ip("172.25.254.1"));
        assertThat(outer.ipv4().destination()).isIn(RS1, RS2);
        assertThat(sent.get(0).bytes().length).isEqualTo(VirtioNetHeader.LENGTH + len + 20);
    }

    private void tunnelService(TunnelConfig tunnel) throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, IpAddress.ofV4(VIP), 80);
        table.addService(new ServiceConfig(key, "rr", 0, 0, -1, ""));
        table.addDest(key, new DestConfig(IpAddress.ofV4(RS1), 80, ForwardingMethod.TUNNEL, 1, 0, 0, tunnel));
    }

    @Test
    void gueTunnelWrapsUdpToTheRealServersPortWithAChecksumWhenAskedFor() throws Exception {
        tunnelService(new TunnelConfig(TunnelType.GUE, 6080, TunnelConfig.CSUM));
        int len = tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40011, VIP, 80, 0x02, 100);
        processor.process(0, len, true, now);

        ParsedFrame outer = reparse(sent.get(0));
        assertThat(outer.ipv4().protocol()).isEqualTo(IpProtocol.UDP);
        assertThat(outer.ipv4().destination()).isEqualTo(RS1);
        assertThat(outer.destinationPort()).isEqualTo(6080);
        assertThat(outer.sourcePort()).isBetween(32768, 60999);
        assertThat(outer.udp().checksum()).isNotZero();
        assertThat(sent.get(0).bytes().length).isEqualTo(VirtioNetHeader.LENGTH + len + 32);
        int inner = Encapsulation.innerOffset(outer, 6080);
        assertThat(inner).isPositive();
        ParsedFrame f = new ParsedFrame();
        assertThat(verifying.parse(outer.segment(), Encapsulation.decapsulate(outer, inner),
                outer.l3End() - inner + EthernetFrame.HEADER_LENGTH, f)).isEqualTo(ParseStatus.OK);
        assertThat(f.ipv4().destination()).isEqualTo(VIP);
        assertThat(f.sourcePort()).isEqualTo(40011);
    }

    @Test
    void greTunnelCarriesTheInnerPacketWithAValidGreChecksum() throws Exception {
        tunnelService(new TunnelConfig(TunnelType.GRE, 0, TunnelConfig.CSUM));
        int len = tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40012, VIP, 80, 0x02, 100);
        processor.process(0, len, true, now);

        ParsedFrame outer = reparse(sent.get(0));
        assertThat(outer.ipv4().protocol()).isEqualTo(IpProtocol.GRE);
        assertThat(outer.ipv4().source()).isEqualTo(ip("172.25.254.1"));
        assertThat(sent.get(0).bytes().length).isEqualTo(VirtioNetHeader.LENGTH + len + 28);
        assertThat(Encapsulation.innerOffset(outer, 0)).as("GRE checksum verifies").isEqualTo(outer.l4Offset() + 8);
    }

    @Test
    void tunnelKeepsAPartialChecksumHeaderPointingAtTheInnerTransportHeader() throws Exception {
        service(ForwardingMethod.TUNNEL, "rr");
        int len = tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40005, VIP, 80, 0x02, 100);
        MemorySegment rx = processor.rxBuffer();
        int vnet = FrameProcessor.RX_OFFSET;
        int l4FromFrame = EthernetFrame.HEADER_LENGTH + 20;
        ValueLayout.OfShort le16 = ValueLayout.JAVA_SHORT_UNALIGNED;
        rx.set(ValueLayout.JAVA_BYTE, vnet, (byte) VirtioNetHeader.F_NEEDS_CSUM);
        rx.set(le16, vnet + 6, (short) l4FromFrame);
        rx.set(le16, vnet + 8, (short) 16);
        processor.process(0, len, true, now);

        byte[] out = sent.get(0).bytes();
        MemorySegment o = MemorySegment.ofArray(out);
        assertThat(o.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) VirtioNetHeader.F_NEEDS_CSUM);
        assertThat(o.get(le16, 6)).isEqualTo((short) (l4FromFrame + 20));
        assertThat(o.get(le16, 8)).isEqualTo((short) 16);
        // The outer header is a valid IPv4 header carrying protocol 4 to a real server.
        int outer = VirtioNetHeader.LENGTH + EthernetFrame.HEADER_LENGTH;
        assertThat(o.get(ValueLayout.JAVA_BYTE, outer + 9)).isEqualTo((byte) IpProtocol.IPIP);
        assertThat(Checksum.compute(o, outer, 20)).isZero();
    }

    @Test
    void tunnelCutsAGsoSuperFrameIntoCompleteSegments() throws Exception {
        service(ForwardingMethod.TUNNEL, "rr");
        // A SYN first so the flow exists; then a 3500-byte GSO super-frame (gso_size 1000) of it.
        processor.process(0, tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40006, VIP, 80, 0x02, 0), true, now);
        int len = tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40006, VIP, 80, 0x19, 3500);
        MemorySegment rx = processor.rxBuffer();
        int vnet = FrameProcessor.RX_OFFSET;
        ValueLayout.OfShort le16 = ValueLayout.JAVA_SHORT_UNALIGNED;
        rx.set(ValueLayout.JAVA_BYTE, vnet, (byte) VirtioNetHeader.F_NEEDS_CSUM);
        rx.set(ValueLayout.JAVA_BYTE, vnet + 1, (byte) 1);
        rx.set(le16, vnet + 4, (short) 1000);
        rx.set(le16, vnet + 6, (short) (EthernetFrame.HEADER_LENGTH + 20));
        rx.set(le16, vnet + 8, (short) 16);
        sent.clear();
        processor.process(0, len, true, now);

        assertThat(sent).hasSize(4);
        long payload = 0;
        long firstSeq = -1;
        for (int i = 0; i < 4; i++) {
            ParsedFrame outer = reparse(sent.get(i));
            assertThat(outer.ipv4().protocol()).isEqualTo(IpProtocol.IPIP);
            ParsedFrame inner = new ParsedFrame();
            MemorySegment seg = Arena.ofAuto().allocate(sent.get(i).bytes().length);
            MemorySegment.copy(MemorySegment.ofArray(sent.get(i).bytes()), 0, seg, 0, seg.byteSize());
            // Re-parse the inner packet as its own frame: put an Ethernet header over the outer IP.
            int innerEth = outer.l4Offset() - EthernetFrame.HEADER_LENGTH;
            EthernetFrame.writeHeader(seg, innerEth, 1, 2, EthernetFrame.NO_VLAN, EthernetFrame.TYPE_IPV4);
            assertThat(verifying.parse(seg, innerEth, (int) seg.byteSize() - innerEth, inner)).isEqualTo(ParseStatus.OK);
            int bytes = inner.l3End() - inner.l4Offset() - inner.tcp().headerLength();
            assertThat(bytes).isEqualTo(i < 3 ? 1000 : 500);
            if (firstSeq < 0) {
                firstSeq = inner.tcp().sequence();
            }
            assertThat(inner.tcp().sequence()).isEqualTo(firstSeq + payload);
            assertThat(inner.tcp().flags() & 0x09).isEqualTo(i < 3 ? 0 : 0x09);
            assertThat(inner.ipv4().ttl()).isEqualTo(63);
            payload += bytes;
        }
        assertThat(payload).isEqualTo(3500);
    }

    /** Puts an ICMP error about {@code about} (an emitted frame), sent from {@code mac}/{@code address}, into rx. */
    private int icmpErrorAbout(Sent about, long mac, int address, int type, int code, int rest) {
        ParsedFrame original = reparse(about);
        MemorySegment rx = processor.rxBuffer();
        rx.asSlice(FrameProcessor.RX_OFFSET, VirtioNetHeader.LENGTH).fill((byte) 0);
        return org.jvs.packet.IcmpErrors.writeV4(original, rx, FrameProcessor.RX_OFFSET + VirtioNetHeader.LENGTH, mac,
                address, 99, type, code, rest);
    }

    @Test
    void icmpErrorsAboutNatConnectionsAreTranslatedBothWays() throws Exception {
        service(ForwardingMethod.MASQ, "rr");
        processor.process(0, tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40007, VIP, 80, 0x02, 0), true, now);
        Sent toServer = sent.get(0);
        int rip = reparse(toServer).ipv4().destination();
        long ripMac = rip == RS1 ? RS1_MAC : RS2_MAC;

        // A router behind the director says the packet to the real server was too big.
        sent.clear();
        int len = icmpErrorAbout(toServer, ripMac, ip("172.25.254.254"), IcmpHeader.DESTINATION_UNREACHABLE,
                IcmpHeader.CODE_FRAGMENTATION_NEEDED, 1400);
        processor.process(1, len, true, now);
        ParsedFrame toClient = reparse(sent.get(0));
        assertThat(sent.get(0).slot()).isZero();
        assertThat(toClient.ipv4().source()).isEqualTo(VIP);
        assertThat(toClient.ipv4().destination()).isEqualTo(CLIENT);
        assertThat(toClient.innerIpv4().destination()).isEqualTo(VIP);
        assertThat(toClient.innerDestinationPort()).isEqualTo(80);
        assertThat(toClient.innerIpv4().source()).isEqualTo(CLIENT);

        // The client says it could not take a reply: the real server hears it, as itself.
        sent.clear();
        processor.process(1, tcpFrame(DIRECTOR_ETH1, ripMac, rip, 8080, CLIENT, 40007, 0x12, 0), true, now);
        Sent reply = sent.get(0);
        sent.clear();
        len = icmpErrorAbout(reply, CLIENT_MAC, CLIENT, IcmpHeader.DESTINATION_UNREACHABLE,
                IcmpHeader.CODE_PORT_UNREACHABLE, 0);
        processor.process(0, len, true, now);
        ParsedFrame toRealServer = reparse(sent.get(0));
        assertThat(sent.get(0).slot()).isEqualTo(1);
        assertThat(toRealServer.ipv4().destination()).isEqualTo(rip);
        assertThat(toRealServer.innerIpv4().source()).isEqualTo(rip);
        assertThat(toRealServer.innerSourcePort()).isEqualTo(8080);
    }

    @Test
    void serviceWithoutRealServerAnswersPortUnreachableFromTheVip() throws Exception {
        table.addService(new ServiceConfig(ServiceKey.of(Protocol.TCP, IpAddress.ofV4(VIP), 80), "wlc", 0, 0, -1, ""));
        processor.process(0, tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40003, VIP, 80, 0x02, 0), true, now);
        ParsedFrame icmp = reparse(sent.get(0));
        assertThat(sent.get(0).slot()).isZero();
        assertThat(icmp.ipv4().source()).isEqualTo(VIP);
        assertThat(icmp.ipv4().destination()).isEqualTo(CLIENT);
        assertThat(icmp.l4Protocol()).isEqualTo(IpProtocol.ICMP);
        assertThat(icmp.segment().get(ValueLayout.JAVA_BYTE, icmp.l4Offset()) & 0xFF).isEqualTo(IcmpHeader.DESTINATION_UNREACHABLE);
    }

    @Test
    void unknownNeighbourIsAskedForWithArpFromTheDirectorsOwnAddress() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, IpAddress.ofV4(VIP), 80);
        table.addService(new ServiceConfig(key, "rr", 0, 0, -1, ""));
        table.addDest(key, new DestConfig(IpAddress.ofV4(ip("172.25.254.9")), 80, ForwardingMethod.MASQ, 1, 0, 0, null));
        processor.process(0, tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40004, VIP, 80, 0x02, 0), true, now);
        assertThat(sent).hasSize(1);
        ParsedFrame arp = reparse(sent.get(0));
        assertThat(arp.etherType()).isEqualTo(EthernetFrame.TYPE_ARP);
        assertThat(arp.arp().senderIp()).isEqualTo(ip("172.25.254.1"));
        assertThat(arp.arp().targetIp()).isEqualTo(ip("172.25.254.9"));

        // A retransmitted SYN while ARP is unanswered: held too, and no second request within a second.
        processor.process(0, tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40004, VIP, 80, 0x02, 0), true, now + 1_000);
        assertThat(sent).hasSize(1);

        // The reply releases both, oldest first, to the MAC it names; nothing was dropped.
        long rsMac = 0x02_00_00_00_00_09L;
        MemorySegment rx = processor.rxBuffer();
        rx.asSlice(FrameProcessor.RX_OFFSET, VirtioNetHeader.LENGTH).fill((byte) 0);
        int len = ArpPacket.writeReply(rx, FrameProcessor.RX_OFFSET + VirtioNetHeader.LENGTH, rsMac, ip("172.25.254.9"),
                DIRECTOR_ETH1, ip("172.25.254.1"));
        processor.process(1, len, true, now + 2_000);
        assertThat(sent).hasSize(3);
        for (Sent s : sent.subList(1, 3)) {
            ParsedFrame f = reparse(s);
            assertThat(s.slot()).isEqualTo(1);
            assertThat(f.ethernet().destination()).isEqualTo(rsMac);
            assertThat(f.ipv4().destination()).isEqualTo(ip("172.25.254.9"));
        }
        assertThat(processor.drops(DropReason.NO_NEIGHBOUR)).isZero();
    }

    @Test
    void framesForANeighbourThatNeverAnswersAreDroppedAndTheRequestIsRepeatedEachSecond() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, IpAddress.ofV4(VIP), 80);
        table.addService(new ServiceConfig(key, "rr", 0, 0, -1, ""));
        table.addDest(key, new DestConfig(IpAddress.ofV4(ip("172.25.254.9")), 80, ForwardingMethod.MASQ, 1, 0, 0, null));
        for (int i = 0; i < 40; i++) {
            processor.process(0, tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 41000 + i, VIP, 80, 0x02, 0), true,
                    now + i * 100_000_000L);
        }
        // 4 seconds of SYNs: one ARP request a second; the pool holds 32, so the 8 oldest were dropped.
        assertThat(sent).hasSize(4).allMatch(s -> reparse(s).etherType() == EthernetFrame.TYPE_ARP);
        assertThat(processor.drops(DropReason.NO_NEIGHBOUR)).isEqualTo(8);
    }

    @Test
    void aMillionRandomAndMutatedFramesNeverThrowAndEveryEmittedFrameIsValid() throws Exception {
        service(ForwardingMethod.MASQ, "rr");
        serviceV6(ForwardingMethod.MASQ);
        ServiceKey udp = ServiceKey.of(Protocol.UDP, IpAddress.ofV4(VIP), 53);
        table.addService(new ServiceConfig(udp, "rr", 0, 0, -1, ""));
        table.addDest(udp, new DestConfig(IpAddress.ofV4(RS1), 53, ForwardingMethod.TUNNEL, 1, 0, 0, null));
        Random r = new Random(7);
        MemorySegment rx = processor.rxBuffer();
        int frameAt = FrameProcessor.RX_OFFSET + VirtioNetHeader.LENGTH;
        int emitted = 0;
        for (int i = 0; i < 1_000_000; i++) {
            sent.clear();
            int len;
            if (r.nextInt(4) == 0) {
                len = 14 + r.nextInt(120);
                for (int b = 0; b < len; b++) {
                    rx.set(ValueLayout.JAVA_BYTE, frameAt + b, (byte) r.nextInt(256));
                }
                rx.asSlice(FrameProcessor.RX_OFFSET, VirtioNetHeader.LENGTH).fill((byte) 0);
            } else if (r.nextInt(3) == 0) {
                boolean reply = r.nextBoolean();
                len = reply
                        ? tcpFrameV6(DIRECTOR_ETH1, RS1_MAC, RS6_1, 8080, CLIENT6, 40000 + r.nextInt(50), r.nextInt(64),
                                r.nextInt(40))
                        : tcpFrameV6(DIRECTOR_ETH0, CLIENT_MAC, CLIENT6, 40000 + r.nextInt(50), VIP6, 80, r.nextInt(64),
                                r.nextInt(1500));
                if (r.nextInt(3) == 0) {
                    int at = frameAt + r.nextInt(len);
                    rx.set(ValueLayout.JAVA_BYTE, at, (byte) (rx.get(ValueLayout.JAVA_BYTE, at) ^ (1 << r.nextInt(8))));
                }
            } else {
                boolean reply = r.nextBoolean();
                len = reply
                        ? tcpFrame(DIRECTOR_ETH1, RS1_MAC, RS1, 8080, CLIENT, 40000 + r.nextInt(50), r.nextInt(64), r.nextInt(40))
                        : tcpFrame(DIRECTOR_ETH0, CLIENT_MAC, CLIENT, 40000 + r.nextInt(50), VIP, r.nextBoolean() ? 80 : 53,
                                r.nextInt(64), r.nextInt(40));
                if (r.nextInt(3) == 0) {
                    int at = frameAt + r.nextInt(len);
                    rx.set(ValueLayout.JAVA_BYTE, at, (byte) (rx.get(ValueLayout.JAVA_BYTE, at) ^ (1 << r.nextInt(8))));
                }
                if (r.nextInt(5) == 0) {
                    len = 14 + r.nextInt(len - 14);
                }
            }
            processor.process(r.nextInt(2), len, true, now + i * 1000L);
            for (Sent s : sent) {
                reparse(s);
                emitted++;
            }
        }
        assertThat(emitted).isGreaterThan(100_000);
        long parseDrops = 0;
        for (ParseStatus s : ParseStatus.values()) {
            parseDrops += processor.parseDrops(s);
        }
        assertThat(parseDrops).isGreaterThan(100_000);
    }
}
