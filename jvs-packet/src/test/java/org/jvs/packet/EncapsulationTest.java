package org.jvs.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jvs.packet.TestFrames.Builder.ipv4;
import static org.jvs.packet.TestFrames.hex;
import static org.jvs.packet.TestFrames.ip4;
import static org.jvs.packet.TestFrames.ip6High;
import static org.jvs.packet.TestFrames.ip6Low;

import java.lang.foreign.MemorySegment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class EncapsulationTest {
    /** Room in front of a received frame for outer headers, as a forwarder reads frames. */
    private static final int HEADROOM = 64;
    private static final int DIP = ip4("192.168.10.1");
    private static final int RIP = ip4("192.168.10.2");
    private static final long TUNNEL_DESTINATION_MAC = 0x02_00_00_00_00_0AL;
    private final PacketParser parser = new PacketParser(true);
    private final ParsedFrame f = new ParsedFrame();

    private MemorySegment received(byte[] frame) {
        MemorySegment s = TestFrames.offHeap(frame, HEADROOM);
        assertThat(parser.parse(s, HEADROOM, frame.length, f)).isEqualTo(ParseStatus.OK);
        return s;
    }

    /** Writes the Ethernet header in front of an outer IP header and parses the tunnel frame. */
    private int tunnelFrame(MemorySegment s, int outer, int type) {
        int frame = outer - EthernetFrame.HEADER_LENGTH;
        EthernetFrame.writeHeader(s, frame, TUNNEL_DESTINATION_MAC, TestFrames.DIRECTOR_MAC, EthernetFrame.NO_VLAN,
                type);
        return frame;
    }

    private int parseFrom(MemorySegment s, int frame, int end) {
        assertThat(parser.parse(s, frame, end - frame, f)).isEqualTo(ParseStatus.OK);
        return frame;
    }

    @Test
    void ipipCarriesTheInnerTtlTosAndDfAsIpVsTunnelXmitDoes() {
        byte[] syn = hex(KernelFrames.TCP_SYN);
        MemorySegment s = received(syn);
        f.ipv4().decrementTtl();
        byte[] forwarded = s.asSlice(HEADROOM, syn.length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        int inner = f.l3Offset();
        int end = f.l3End();

        int outer = Encapsulation.ipipV4(s, inner, DIP, RIP, 77, true);
        assertThat(outer).isEqualTo(inner - 20);
        parseFrom(s, tunnelFrame(s, outer, EthernetFrame.TYPE_IPV4), end);
        Ipv4Header o = f.ipv4();
        assertThat(o.protocol()).isEqualTo(IpProtocol.IPIP);
        assertThat(o.ttl()).isEqualTo(63);
        assertThat(o.tos()).isZero();
        assertThat(o.dontFragment()).isTrue();
        assertThat(o.identification()).isEqualTo(77);
        assertThat(o.totalLength()).isEqualTo(20 + 60);
        assertThat(o.source()).isEqualTo(DIP);
        assertThat(o.destination()).isEqualTo(RIP);
        assertThat(f.l4Protocol()).isEqualTo(IpProtocol.IPIP);

        // The real server's side: strip the outer header and get the forwarded frame back.
        int innerAt = Encapsulation.innerOffset(f, 0);
        assertThat(innerAt).isEqualTo(inner);
        int frame = Encapsulation.decapsulate(f, innerAt);
        parseFrom(s, frame, end);
        assertThat(f.destinationPort()).isEqualTo(80);
        byte[] decapsulated = s.asSlice(frame, end - frame).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        // The Ethernet addresses are the tunnel frame's: the real server received it from the director.
        Bytes.putMac(MemorySegment.ofArray(forwarded), 0, TUNNEL_DESTINATION_MAC);
        assertThat(decapsulated).isEqualTo(forwarded);
    }

    @Test
    void dfIsCopiedOnlyWithPathMtuDiscovery() {
        MemorySegment s = received(hex(KernelFrames.TCP_SYN));
        int end = f.l3End();
        parseFrom(s, tunnelFrame(s, Encapsulation.ipipV4(s, f.l3Offset(), DIP, RIP, 1, false),
                EthernetFrame.TYPE_IPV4), end);
        assertThat(f.ipv4().dontFragment()).isFalse();
    }

    @Test
    void congestionExperiencedIsSentOnAsEct0AndOtherBitsAreKept() {
        for (int[] tos : new int[][] {{0x03, 0x02}, {0xB9, 0xB9}, {0xB8, 0xB8}, {0x2A, 0x2A}}) {
            MemorySegment s = received(ipv4("10.0.0.2", "10.0.0.9").tos(tos[0]).udp(1, 2, new byte[3]).build());
            int end = f.l3End();
            parseFrom(s, tunnelFrame(s, Encapsulation.ipipV4(s, f.l3Offset(), DIP, RIP, 1, true),
                    EthernetFrame.TYPE_IPV4), end);
            assertThat(f.ipv4().tos()).as("inner tos %x", tos[0]).isEqualTo(tos[1]);
        }
    }

    @Test
    void ipv6InsideIpv4IsProtocol41WithoutDf() {
        MemorySegment s = received(hex(KernelFrames.TCP6_SYN));
        int end = f.l3End();
        parseFrom(s, tunnelFrame(s, Encapsulation.ipipV4(s, f.l3Offset(), DIP, RIP, 1, true),
                EthernetFrame.TYPE_IPV4), end);
        assertThat(f.ipv4().protocol()).isEqualTo(IpProtocol.IPV6);
        assertThat(f.ipv4().dontFragment()).isFalse();
        assertThat(f.ipv4().ttl()).isEqualTo(64);
        assertThat(f.ipv4().totalLength()).isEqualTo(20 + 80);
        int frame = Encapsulation.decapsulate(f, Encapsulation.innerOffset(f, 0));
        parseFrom(s, frame, end);
        assertThat(f.ipVersion()).isEqualTo(6);
        assertThat(f.etherType()).isEqualTo(EthernetFrame.TYPE_IPV6);
    }

    @Test
    void ipv4InsideIpv6HasNextHeader4AndTheInnerTtlAsHopLimit() {
        MemorySegment s = received(hex(KernelFrames.UDP_DATAGRAM));
        int end = f.l3End();
        int outer = Encapsulation.ipipV6(s, f.l3Offset(), ip6High("fd00::1"), ip6Low("fd00::1"), ip6High("fd00::2"),
                ip6Low("fd00::2"));
        parseFrom(s, tunnelFrame(s, outer, EthernetFrame.TYPE_IPV6), end);
        assertThat(f.ipv6().nextHeader()).isEqualTo(IpProtocol.IPIP);
        assertThat(f.ipv6().hopLimit()).isEqualTo(64);
        assertThat(f.ipv6().payloadLength()).isEqualTo(44);
        assertThat(f.ipv6().flowLabel()).isZero();
        assertThat(Encapsulation.innerOffset(f, 0)).isEqualTo(outer + 40);
    }

    @Test
    void gueOverIpv4WrapsUdpAndAVersion0HeaderAroundTheInnerPacket() {
        MemorySegment s = received(hex(KernelFrames.TCP_SYN));
        int inner = f.l3Offset();
        int end = f.l3End();
        int sport = Encapsulation.flowSourcePort(0x1234_5678);
        int outer = Encapsulation.gueV4(s, inner, DIP, RIP, 9, true, sport, 6080, false);
        assertThat(outer).isEqualTo(inner - 32);
        parseFrom(s, tunnelFrame(s, outer, EthernetFrame.TYPE_IPV4), end);
        assertThat(f.ipv4().protocol()).isEqualTo(IpProtocol.UDP);
        assertThat(f.ipv4().totalLength()).isEqualTo(20 + 8 + 4 + 60);
        assertThat(f.udp().checksum()).isZero();
        assertThat(f.udp().length()).isEqualTo(8 + 4 + 60);
        assertThat(f.sourcePort()).isEqualTo(sport);
        assertThat(f.destinationPort()).isEqualTo(6080);
        GueHeader gue = new GueHeader().wrap(s, f.l4Offset() + 8);
        assertThat(gue.version()).isZero();
        assertThat(gue.control()).isFalse();
        assertThat(gue.optionsLength()).isZero();
        assertThat(gue.protocol()).isEqualTo(IpProtocol.IPIP);
        assertThat(gue.flags()).isZero();

        assertThat(Encapsulation.innerOffset(f, 6081)).isEqualTo(-1);
        assertThat(Encapsulation.innerOffset(f, 6080)).isEqualTo(inner);
        parseFrom(s, Encapsulation.decapsulate(f, inner), end);
        assertThat(f.destinationPort()).isEqualTo(80);
    }

    @Test
    void gueChecksumIsComputedWhenAskedForOverBothFamilies() {
        MemorySegment s = received(hex(KernelFrames.UDP_DATAGRAM));
        int end = f.l3End();
        parseFrom(s, tunnelFrame(s, Encapsulation.gueV4(s, f.l3Offset(), DIP, RIP, 9, true, 40000, 6080, true),
                EthernetFrame.TYPE_IPV4), end);
        assertThat(f.udp().checksum()).isNotZero();

        s = received(hex(KernelFrames.TCP6_SYN));
        end = f.l3End();
        int outer = Encapsulation.gueV6(s, f.l3Offset(), ip6High("fd00::1"), ip6Low("fd00::1"), ip6High("fd00::2"),
                ip6Low("fd00::2"), 40000, 6080, true);
        parseFrom(s, tunnelFrame(s, outer, EthernetFrame.TYPE_IPV6), end);
        assertThat(f.ipv6().nextHeader()).isEqualTo(IpProtocol.UDP);
        assertThat(new GueHeader().wrap(s, f.l4Offset() + 8).protocol()).isEqualTo(IpProtocol.IPV6);
        assertThat(Encapsulation.innerOffset(f, 6080)).isEqualTo(outer + 40 + 12);
    }

    @Test
    void malformedGueIsNotATunnelPacket() {
        MemorySegment s = received(hex(KernelFrames.TCP_SYN));
        int inner = f.l3Offset();
        int end = f.l3End();
        int outer = Encapsulation.gueV4(s, inner, DIP, RIP, 9, true, 40000, 6080, false);
        int frame = tunnelFrame(s, outer, EthernetFrame.TYPE_IPV4);
        int gue = inner - 4;
        for (int firstByte : new int[] {0x40, 0x20, 0x1F}) {
            Bytes.put8(s, gue, firstByte);
            parseFrom(s, frame, end);
            assertThat(Encapsulation.innerOffset(f, 6080)).as("first byte %x", firstByte).isEqualTo(-1);
        }
        Bytes.put8(s, gue, 0);
        Bytes.put8(s, gue + 1, IpProtocol.IPV6);
        parseFrom(s, frame, end);
        assertThat(Encapsulation.innerOffset(f, 6080)).isEqualTo(-1);
    }

    @Test
    void greOverIpv4NamesTheInnerEtherTypeAndCarriesAChecksumWhenAskedFor() {
        for (boolean checksum : new boolean[] {false, true}) {
            MemorySegment s = received(hex(KernelFrames.TCP_SYN));
            int inner = f.l3Offset();
            int end = f.l3End();
            int outer = Encapsulation.greV4(s, inner, DIP, RIP, 9, true, checksum);
            int greLength = checksum ? 8 : 4;
            assertThat(outer).isEqualTo(inner - 20 - greLength);
            parseFrom(s, tunnelFrame(s, outer, EthernetFrame.TYPE_IPV4), end);
            assertThat(f.ipv4().protocol()).isEqualTo(IpProtocol.GRE);
            assertThat(f.ipv4().totalLength()).isEqualTo(20 + greLength + 60);
            assertThat(f.ipv4().dontFragment()).isTrue();
            int gre = outer + 20;
            assertThat(Bytes.u16(s, gre)).isEqualTo(checksum ? 0x8000 : 0);
            assertThat(Bytes.u16(s, gre + 2)).isEqualTo(EthernetFrame.TYPE_IPV4);
            if (checksum) {
                // RFC 2784: the one's complement sum over GRE header and payload comes out as zero.
                assertThat(Checksum.compute(s, gre, end - gre)).isZero();
            }
            assertThat(Encapsulation.innerOffset(f, 0)).isEqualTo(inner);
            parseFrom(s, Encapsulation.decapsulate(f, inner), end);
            assertThat(f.destinationPort()).isEqualTo(80);
        }
    }

    @Test
    void greWithKeyAndSequenceIsSkippedOverAndBadGreIsNotATunnelPacket() {
        MemorySegment s = received(hex(KernelFrames.TCP_SYN));
        int inner = f.l3Offset();
        int end = f.l3End();
        // An 8-byte GRE header as checksum+reserved would be, turned into key-present: same length.
        int outer = Encapsulation.greV4(s, inner, DIP, RIP, 9, true, true);
        int frame = tunnelFrame(s, outer, EthernetFrame.TYPE_IPV4);
        int gre = outer + 20;
        Bytes.put16(s, gre, 0x2000);
        parseFrom(s, frame, end);
        assertThat(Encapsulation.innerOffset(f, 0)).isEqualTo(inner);

        Bytes.put16(s, gre, 0x8000);
        Bytes.put16(s, gre + 4, 0x1234);
        parseFrom(s, frame, end);
        assertThat(Encapsulation.innerOffset(f, 0)).as("wrong checksum").isEqualTo(-1);

        for (int flags : new int[] {0x2001, 0x4000, 0x2080}) {
            Bytes.put16(s, gre, flags);
            parseFrom(s, frame, end);
            assertThat(Encapsulation.innerOffset(f, 0)).as("flags %x", flags).isEqualTo(-1);
        }
        Bytes.put16(s, gre, 0x2000);
        Bytes.put16(s, gre + 2, 0x0806);
        parseFrom(s, frame, end);
        assertThat(Encapsulation.innerOffset(f, 0)).as("ARP inside").isEqualTo(-1);
    }

    @Test
    void decapsulationCarriesCongestionInwardsAndDropsCeOnNotEct() {
        MemorySegment s = received(ipv4("10.0.0.2", "10.0.0.9").tos(0x02).udp(1, 2, new byte[3]).build());
        int end = f.l3End();
        int inner = f.l3Offset();
        int frame = tunnelFrame(s, Encapsulation.ipipV4(s, inner, DIP, RIP, 1, true), EthernetFrame.TYPE_IPV4);
        parseFrom(s, frame, end);
        f.ipv4().setTos(0x03);
        f.ipv4().fillChecksum();
        parseFrom(s, Encapsulation.decapsulate(f, inner), end);
        assertThat(f.ipv4().tos()).isEqualTo(0x03);
        assertThat(f.ipv4().checksumValid()).isTrue();

        s = received(ipv4("10.0.0.2", "10.0.0.9").tos(0x00).udp(1, 2, new byte[3]).build());
        end = f.l3End();
        inner = f.l3Offset();
        parseFrom(s, tunnelFrame(s, Encapsulation.ipipV4(s, inner, DIP, RIP, 1, true), EthernetFrame.TYPE_IPV4), end);
        f.ipv4().setTos(0x03);
        f.ipv4().fillChecksum();
        assertThat(Encapsulation.decapsulate(f, inner)).isEqualTo(-1);
    }

    @Test
    void refusesToWriteIntoMissingHeadroom() {
        byte[] syn = hex(KernelFrames.TCP_SYN);
        MemorySegment s = MemorySegment.ofArray(syn);
        assertThatThrownBy(() -> Encapsulation.ipipV4(s, 14, DIP, RIP, 1, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 1000)
    void flowSourcePortStaysInTheKernelsLocalPortRange(@ForAll int hash) {
        assertThat(Encapsulation.flowSourcePort(hash)).isBetween(32768, 60998)
                .isEqualTo(Encapsulation.flowSourcePort(hash));
    }
}
