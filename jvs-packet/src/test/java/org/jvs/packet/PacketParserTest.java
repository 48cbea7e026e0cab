package org.jvs.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jvs.packet.TestFrames.Builder.ipv4;
import static org.jvs.packet.TestFrames.Builder.ipv6;
import static org.jvs.packet.TestFrames.hex;
import static org.jvs.packet.TestFrames.put16;

import java.lang.foreign.MemorySegment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PacketParserTest {
    private static final byte[] DATA = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final PacketParser parser = new PacketParser(true);
    private final ParsedFrame f = new ParsedFrame();

    private ParseStatus parse(byte[] frame) {
        return parser.parse(MemorySegment.ofArray(frame), 0, frame.length, f);
    }

    private static byte[] udp4() {
        return ipv4("10.0.0.1", "10.0.0.2").udp(1234, 53, DATA).build();
    }

    @Test
    void acceptsUdpAndReportsLayerOffsetsAndLengths() {
        assertThat(parse(udp4())).isEqualTo(ParseStatus.OK);
        assertThat(f.etherType()).isEqualTo(EthernetFrame.TYPE_IPV4);
        assertThat(f.vlanTci()).isEqualTo(EthernetFrame.NO_VLAN);
        assertThat(f.l3Offset()).isEqualTo(14);
        assertThat(f.l3Length()).isEqualTo(20 + 8 + 10);
        assertThat(f.l4Offset()).isEqualTo(34);
        assertThat(f.l4Length()).isEqualTo(18);
        assertThat(f.sourcePort()).isEqualTo(1234);
        assertThat(f.destinationPort()).isEqualTo(53);
        assertThat(f.udp().length()).isEqualTo(18);
    }

    @Test
    void acceptsOneVlanTagAndReadsThroughIt() {
        byte[] frame = ipv4("10.0.0.1", "10.0.0.2").vlan(0x2064).tcp(1000, 80, TcpHeader.SYN, new byte[0]).build();
        assertThat(parse(frame)).isEqualTo(ParseStatus.OK);
        assertThat(f.vlanTci()).isEqualTo(0x2064);
        assertThat(f.l3Offset()).isEqualTo(18);
        assertThat(f.ethernet().hasVlanTag()).isTrue();
        assertThat(f.ethernet().etherType()).isEqualTo(EthernetFrame.TYPE_IPV4);
        assertThat(f.ethernet().headerLength()).isEqualTo(18);
        assertThat(f.destinationPort()).isEqualTo(80);
    }

    @Test
    void dropsASecondVlanTag() {
        byte[] frame = ipv4("10.0.0.1", "10.0.0.2").vlan(5).udp(1, 2, DATA).build();
        put16(frame, 16, EthernetFrame.TYPE_VLAN);
        assertThat(parse(frame)).isEqualTo(ParseStatus.UNSUPPORTED_ETHER_TYPE);
    }

    @Test
    void toleratesEthernetPaddingAfterTheDatagram() {
        byte[] frame = ipv4("10.0.0.1", "10.0.0.2").udp(1, 2, new byte[0]).padding(18).build();
        assertThat(parse(frame)).isEqualTo(ParseStatus.OK);
        assertThat(f.frameLength()).isEqualTo(60);
        assertThat(f.l3End()).isEqualTo(42);
    }

    @Test
    void dropsEveryTruncationOfAnAcceptedFrameWithoutThrowing() {
        byte[] whole = ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2, TcpHeader.ACK, DATA).build();
        for (int length = 0; length < whole.length; length++) {
            ParseStatus status = parser.parse(MemorySegment.ofArray(whole), 0, length, f);
            assertThat(status).as("length " + length).isIn(ParseStatus.TRUNCATED, ParseStatus.BAD_TOTAL_LENGTH);
        }
    }

    @Test
    void rejectsOffsetsOutsideTheSegmentAsACallerBug() {
        byte[] frame = udp4();
        assertThatThrownBy(() -> parser.parse(MemorySegment.ofArray(frame), 4, frame.length, f))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void parsesAFrameAtAnOffsetInsideALargerBuffer() {
        byte[] frame = udp4();
        MemorySegment s = TestFrames.offHeap(frame, 100);
        assertThat(parser.parse(s, 100, frame.length, f)).isEqualTo(ParseStatus.OK);
        assertThat(f.l3Offset()).isEqualTo(114);
        assertThat(f.destinationPort()).isEqualTo(53);
    }

    @Test
    void classifiesHeaderDefects() {
        byte[] badVersion = udp4();
        badVersion[14] = 0x55;
        assertThat(parse(badVersion)).isEqualTo(ParseStatus.BAD_IP_VERSION);

        byte[] shortIhl = udp4();
        shortIhl[14] = 0x44;
        assertThat(parse(shortIhl)).isEqualTo(ParseStatus.BAD_HEADER_LENGTH);

        byte[] longTotal = udp4();
        put16(longTotal, 16, 200);
        assertThat(parse(longTotal)).isEqualTo(ParseStatus.BAD_TOTAL_LENGTH);

        byte[] shortTotal = udp4();
        put16(shortTotal, 16, 19);
        assertThat(parse(shortTotal)).isEqualTo(ParseStatus.BAD_TOTAL_LENGTH);

        byte[] badChecksum = udp4();
        badChecksum[14 + 8] ^= 1;
        assertThat(parse(badChecksum)).isEqualTo(ParseStatus.BAD_IPV4_CHECKSUM);

        byte[] arpish = udp4();
        put16(arpish, 12, 0x88CC);
        assertThat(parse(arpish)).isEqualTo(ParseStatus.UNSUPPORTED_ETHER_TYPE);
    }

    @Test
    void acceptsWellFormedOptionsAndDropsOverlongOnes() {
        // Record route (7), length 7, pointer 4, one empty slot; then end of list.
        byte[] good = ipv4("10.0.0.1", "10.0.0.2").ipOptions(hex("07070400000000 00")).udp(1, 2, DATA).build();
        assertThat(parse(good)).isEqualTo(ParseStatus.OK);
        assertThat(f.ipv4().headerLength()).isEqualTo(28);
        assertThat(f.l4Offset()).isEqualTo(14 + 28);

        byte[] bad = ipv4("10.0.0.1", "10.0.0.2").ipOptions(hex("01010709040000 00")).udp(1, 2, DATA).build();
        assertThat(parse(bad)).isEqualTo(ParseStatus.BAD_IP_OPTIONS);

        byte[] zeroLength = ipv4("10.0.0.1", "10.0.0.2").ipOptions(hex("44000000")).udp(1, 2, DATA).build();
        assertThat(parse(zeroLength)).isEqualTo(ParseStatus.BAD_IP_OPTIONS);
    }

    @Test
    void acceptsFirstFragmentsAndDropsLaterOnes() {
        // A first fragment: UDP length announces more than this fragment holds, checksum not checkable.
        byte[] first = ipv4("10.0.0.1", "10.0.0.2").fragment(true, 0).dontFragment(false).udp(1, 2, DATA).build();
        put16(first, 34 + 4, 1400);
        assertThat(parse(first)).isEqualTo(ParseStatus.OK);
        assertThat(f.isFragment()).isTrue();
        assertThat(f.fragmentId()).isEqualTo(0x1234);
        assertThat(f.destinationPort()).isEqualTo(2);

        byte[] later = ipv4("10.0.0.1", "10.0.0.2").fragment(false, 185).dontFragment(false).rawTransport(
                IpProtocol.UDP, DATA).build();
        assertThat(parse(later)).isEqualTo(ParseStatus.FRAGMENT);
    }

    @Test
    void classifiesTransportDefects() {
        assertThat(parse(ipv4("10.0.0.1", "10.0.0.2").rawTransport(IpProtocol.SCTP, DATA).build()))
                .isEqualTo(ParseStatus.UNSUPPORTED_PROTOCOL);
        assertThat(parse(ipv4("10.0.0.1", "10.0.0.2").rawTransport(IpProtocol.TCP, DATA).build()))
                .isEqualTo(ParseStatus.TRUNCATED);

        byte[] tcpOffset = ipv4("10.0.0.1", "10.0.0.2").tcp(1, 2, TcpHeader.ACK, new byte[0]).build();
        tcpOffset[34 + 12] = (byte) 0x40;
        assertThat(parse(tcpOffset)).isEqualTo(ParseStatus.BAD_L4_HEADER);

        byte[] udpLength = udp4();
        put16(udpLength, 34 + 4, 19);
        assertThat(parse(udpLength)).isEqualTo(ParseStatus.BAD_L4_HEADER);

        byte[] udpChecksum = udp4();
        udpChecksum[udpChecksum.length - 1] ^= 0x10;
        assertThat(parse(udpChecksum)).isEqualTo(ParseStatus.BAD_L4_CHECKSUM);
        assertThat(new PacketParser(false).parse(MemorySegment.ofArray(udpChecksum), 0, udpChecksum.length, f))
                .isEqualTo(ParseStatus.OK);
    }

    @Test
    void udpChecksumZeroMeansNoneOverIpv4ButIsInvalidOverIpv6() {
        assertThat(parse(ipv4("10.0.0.1", "10.0.0.2").udp(1, 2, DATA).noUdpChecksum().build()))
                .isEqualTo(ParseStatus.OK);
        byte[] v6 = ipv6("fd00::1", "fd00::2").udp(1, 2, DATA).build();
        put16(v6, 54 + 6, 0);
        assertThat(parse(v6)).isEqualTo(ParseStatus.BAD_L4_CHECKSUM);
    }

    @Test
    void walksIpv6ExtensionHeadersToTheTransport() {
        // hop-by-hop (8 bytes) -> destination options (16 bytes) -> routing (8) -> fragment (atomic) -> TCP
        byte[] chain = hex("3c00010400000000" + "2b01000000000000 0000000000000000"
                + "2c00000000000000" + "0600000000abcdef");
        byte[] frame = ipv6("fd00::1", "fd00::2").extensions(IpProtocol.HOP_BY_HOP, chain)
                .tcp(40000, 443, TcpHeader.SYN, new byte[0]).build();
        assertThat(parse(frame)).isEqualTo(ParseStatus.OK);
        assertThat(f.l4Protocol()).isEqualTo(IpProtocol.TCP);
        assertThat(f.l4Offset()).isEqualTo(14 + 40 + 40);
        assertThat(f.destinationPort()).isEqualTo(443);
        assertThat(f.isFragment()).isFalse();
    }

    @Test
    void firstIpv6FragmentIsFlaggedAndLaterOnesDropped() {
        byte[] first = ipv6("fd00::1", "fd00::2").extensions(IpProtocol.FRAGMENT, hex("1100000100c0ffee"))
                .udp(1, 2, DATA).build();
        assertThat(parse(first)).isEqualTo(ParseStatus.OK);
        assertThat(f.isFragment()).isTrue();
        assertThat(f.fragmentId()).isEqualTo(0xC0FFEEL);
        assertThat(f.l4Protocol()).isEqualTo(IpProtocol.UDP);

        byte[] later = ipv6("fd00::1", "fd00::2").extensions(IpProtocol.FRAGMENT, hex("1100002800c0ffee"))
                .udp(1, 2, DATA).build();
        assertThat(parse(later)).isEqualTo(ParseStatus.FRAGMENT);
    }

    @Test
    void dropsMisplacedHopByHopAndEndlessChains() {
        byte[] misplaced = ipv6("fd00::1", "fd00::2")
                .extensions(IpProtocol.DESTINATION_OPTIONS, hex("0000000000000000" + "1100000000000000"))
                .udp(1, 2, DATA).build();
        assertThat(parse(misplaced)).isEqualTo(ParseStatus.BAD_EXTENSION_HEADER);

        StringBuilder nine = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            nine.append(i < 8 ? "3c00000000000000" : "1100000000000000");
        }
        byte[] endless = ipv6("fd00::1", "fd00::2").extensions(IpProtocol.DESTINATION_OPTIONS, hex(nine.toString()))
                .udp(1, 2, DATA).build();
        assertThat(parse(endless)).isEqualTo(ParseStatus.BAD_EXTENSION_HEADER);

        byte[] overrun = ipv6("fd00::1", "fd00::2").extensions(IpProtocol.ROUTING, hex("11ff000000000000"))
                .udp(1, 2, DATA).build();
        assertThat(parse(overrun)).isEqualTo(ParseStatus.TRUNCATED);
    }

    @Test
    void ipv6LengthAndVersionDefects() {
        byte[] v6 = ipv6("fd00::1", "fd00::2").udp(1, 2, DATA).build();
        byte[] longPayload = v6.clone();
        put16(longPayload, 18, 500);
        assertThat(parse(longPayload)).isEqualTo(ParseStatus.BAD_TOTAL_LENGTH);
        byte[] version = v6.clone();
        version[14] = 0x40;
        assertThat(parse(version)).isEqualTo(ParseStatus.BAD_IP_VERSION);
        assertThat(parse(ipv6("fd00::1", "fd00::2").rawTransport(IpProtocol.NONE, new byte[0]).build()))
                .isEqualTo(ParseStatus.UNSUPPORTED_PROTOCOL);
        assertThat(parse(ipv6("fd00::1", "fd00::2").rawTransport(IpProtocol.ICMP, new byte[8]).build()))
                .isEqualTo(ParseStatus.UNSUPPORTED_PROTOCOL);
    }

    @Test
    void icmpErrorQuoteGivesInnerAddressesAndPorts() {
        byte[] original = ipv4("10.0.0.2", "192.0.2.7").tcp(40000, 8080, TcpHeader.SYN, new byte[0]).build();
        byte[] error = ipv4("192.0.2.7", "10.0.0.2").icmpError(IcmpHeader.DESTINATION_UNREACHABLE,
                IcmpHeader.CODE_FRAGMENTATION_NEEDED, 1400, original, 28).build();
        assertThat(parse(error)).isEqualTo(ParseStatus.OK);
        assertThat(f.isIcmpError()).isTrue();
        assertThat(f.icmp().nextHopMtu()).isEqualTo(1400);
        assertThat(f.innerProtocol()).isEqualTo(IpProtocol.TCP);
        assertThat(f.innerSourcePort()).isEqualTo(40000);
        assertThat(f.innerDestinationPort()).isEqualTo(8080);
        assertThat(f.innerIpv4().destination()).isEqualTo(TestFrames.ip4("192.0.2.7"));
        assertThat(f.sourcePort()).isEqualTo(ParsedFrame.NONE);
    }

    @Test
    void icmpErrorWithAGarbageQuoteIsDropped() {
        byte[] original = ipv4("10.0.0.2", "192.0.2.7").udp(1, 2, DATA).build();
        byte[] tooShort = ipv4("192.0.2.7", "10.0.0.2").icmpError(IcmpHeader.TIME_EXCEEDED, 0, 0, original, 27)
                .build();
        assertThat(parse(tooShort)).isEqualTo(ParseStatus.BAD_ICMP_QUOTE);

        byte[] notIp = original.clone();
        notIp[14] = 0x65;
        byte[] garbage = ipv4("192.0.2.7", "10.0.0.2").icmpError(IcmpHeader.TIME_EXCEEDED, 0, 0, notIp, 28).build();
        assertThat(parse(garbage)).isEqualTo(ParseStatus.BAD_ICMP_QUOTE);

        byte[] laterFragment = ipv4("10.0.0.2", "192.0.2.7").fragment(false, 10).udp(1, 2, DATA).build();
        byte[] aboutFragment = ipv4("192.0.2.7", "10.0.0.2").icmpError(IcmpHeader.TIME_EXCEEDED, 1, 0,
                laterFragment, 28).build();
        assertThat(parse(aboutFragment)).isEqualTo(ParseStatus.BAD_ICMP_QUOTE);
    }

    @Test
    void icmpv6ErrorQuoteWalksTheQuotedExtensionHeaders() {
        byte[] original = ipv6("fd00::2", "fd00::99")
                .extensions(IpProtocol.DESTINATION_OPTIONS, hex("0600000000000000"))
                .tcp(40000, 443, TcpHeader.SYN, new byte[0]).build();
        byte[] error = ipv6("fd00::99", "fd00::2").icmpError(Icmpv6Header.PACKET_TOO_BIG, 0, 1280, original, 1232)
                .build();
        assertThat(parse(error)).isEqualTo(ParseStatus.OK);
        assertThat(f.isIcmpError()).isTrue();
        assertThat(f.icmpv6().mtu()).isEqualTo(1280L);
        assertThat(f.innerProtocol()).isEqualTo(IpProtocol.TCP);
        assertThat(f.innerL4Offset()).isEqualTo(f.innerL3Offset() + 48);
        assertThat(f.innerDestinationPort()).isEqualTo(443);

        byte[] cut = ipv6("fd00::99", "fd00::2").icmpError(Icmpv6Header.PACKET_TOO_BIG, 0, 1280, original, 52)
                .build();
        assertThat(parse(cut)).isEqualTo(ParseStatus.BAD_ICMP_QUOTE);
    }

    @Test
    void tunnelPayloadsAreAcceptedWithTheInnerHeaderAsL4() {
        byte[] inner = ipv4("10.0.0.2", "10.0.0.9").udp(1, 2, DATA).build();
        byte[] innerIp = java.util.Arrays.copyOfRange(inner, 14, inner.length);
        byte[] ipip = ipv4("192.0.2.1", "192.0.2.2").rawTransport(IpProtocol.IPIP, innerIp).build();
        assertThat(parse(ipip)).isEqualTo(ParseStatus.OK);
        assertThat(f.l4Protocol()).isEqualTo(IpProtocol.IPIP);
        assertThat(f.l4Offset()).isEqualTo(34);
        assertThat(f.l4Length()).isEqualTo(innerIp.length);
    }

    @Test
    void arpMustBeEthernetIpv4() {
        assertThat(parse(hex(KernelFrames.ARP_REPLY))).isEqualTo(ParseStatus.OK);
        byte[] bad = hex(KernelFrames.ARP_REPLY);
        bad[14 + 4] = 8;
        assertThat(parse(bad)).isEqualTo(ParseStatus.BAD_ARP);
        byte[] shortArp = java.util.Arrays.copyOf(hex(KernelFrames.ARP_REPLY), 41);
        assertThat(parse(shortArp)).isEqualTo(ParseStatus.TRUNCATED);
    }

    @Property(tries = 3000)
    void neverThrowsOnArbitraryBytes(@ForAll byte[] bytes) {
        ParseStatus status = parser.parse(MemorySegment.ofArray(bytes), 0, bytes.length, f);
        assertThat(status).isNotNull();
    }
}
