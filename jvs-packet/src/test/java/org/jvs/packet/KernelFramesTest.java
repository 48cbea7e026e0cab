package org.jvs.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.packet.TestFrames.hex;
import static org.jvs.packet.TestFrames.ip4;
import static org.jvs.packet.TestFrames.ip6High;
import static org.jvs.packet.TestFrames.ip6Low;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The codecs read frames Linux wrote exactly as the kernel meant them, checksums included. */
class KernelFramesTest {
    private final PacketParser parser = new PacketParser(true);
    private final ParsedFrame f = new ParsedFrame();

    private ParsedFrame parse(String frameHex) {
        byte[] bytes = hex(frameHex);
        assertThat(parser.parse(MemorySegment.ofArray(bytes), 0, bytes.length, f)).isEqualTo(ParseStatus.OK);
        return f;
    }

    @Test
    void arpReplyNamesTheTapAddressAndMac() {
        parse(KernelFrames.ARP_REPLY);
        assertThat(f.etherType()).isEqualTo(EthernetFrame.TYPE_ARP);
        assertThat(f.ipVersion()).isZero();
        ArpPacket arp = f.arp();
        assertThat(arp.operation()).isEqualTo(ArpPacket.OP_REPLY);
        assertThat(arp.senderMac()).isEqualTo(TestFrames.DIRECTOR_MAC);
        assertThat(arp.senderIp()).isEqualTo(ip4("172.25.254.1"));
        assertThat(arp.targetMac()).isEqualTo(TestFrames.CLIENT_MAC);
        assertThat(arp.targetIp()).isEqualTo(ip4("172.25.254.2"));
    }

    @Test
    void echoReplyCarriesIdentifierSequenceAndValidChecksums() {
        parse(KernelFrames.ICMP_ECHO_REPLY);
        assertThat(f.ethernet().destination()).isEqualTo(TestFrames.CLIENT_MAC);
        assertThat(f.ethernet().source()).isEqualTo(TestFrames.DIRECTOR_MAC);
        assertThat(f.ipv4().ttl()).isEqualTo(64);
        assertThat(f.ipv4().checksumValid()).isTrue();
        assertThat(f.l4Protocol()).isEqualTo(IpProtocol.ICMP);
        assertThat(f.icmp().type()).isEqualTo(IcmpHeader.ECHO_REPLY);
        assertThat(f.icmp().identifier()).isEqualTo(0x4A56);
        assertThat(f.icmp().sequence()).isEqualTo(1);
        assertThat(f.isIcmpError()).isFalse();
    }

    @Test
    void portUnreachableQuotesTheWholeUdpDatagram() {
        parse(KernelFrames.ICMP_PORT_UNREACHABLE);
        assertThat(f.ipv4().tos()).isEqualTo(0xC0);
        assertThat(f.ipv4().dontFragment()).isFalse();
        assertThat(f.icmp().type()).isEqualTo(IcmpHeader.DESTINATION_UNREACHABLE);
        assertThat(f.icmp().code()).isEqualTo(IcmpHeader.CODE_PORT_UNREACHABLE);
        assertThat(f.isIcmpError()).isTrue();
        assertThat(f.innerL3Offset()).isEqualTo(14 + 20 + 8);
        assertThat(f.innerIpv4().source()).isEqualTo(ip4("172.25.254.2"));
        assertThat(f.innerIpv4().destination()).isEqualTo(ip4("172.25.254.1"));
        assertThat(f.innerProtocol()).isEqualTo(IpProtocol.UDP);
        assertThat(f.innerSourcePort()).isEqualTo(40000);
        assertThat(f.innerDestinationPort()).isEqualTo(9);
    }

    @Test
    void synExposesPortsFlagsSequenceAndHeaderLengthWithOptions() {
        parse(KernelFrames.TCP_SYN);
        assertThat(f.sourcePort()).isEqualTo(47726);
        assertThat(f.destinationPort()).isEqualTo(80);
        TcpHeader tcp = f.tcp();
        assertThat(tcp.flags()).isEqualTo(TcpHeader.SYN);
        assertThat(tcp.hasFlags(TcpHeader.SYN | TcpHeader.ACK)).isFalse();
        assertThat(tcp.sequence()).isEqualTo(0x04794189L);
        assertThat(tcp.headerLength()).isEqualTo(40);
        assertThat(tcp.window()).isEqualTo(64240);
        assertThat(f.l4Length()).isEqualTo(40);
        assertThat(f.ipv4().dontFragment()).isTrue();
        assertThat(f.isFragment()).isFalse();
    }

    @Test
    void recomputedTransportChecksumsEqualTheKernels() {
        for (String frame : new String[] {KernelFrames.TCP_SYN, KernelFrames.UDP_DATAGRAM,
                KernelFrames.ICMP_ECHO_REPLY, KernelFrames.ICMP_PORT_UNREACHABLE, KernelFrames.ICMPV6_ECHO_REPLY,
                KernelFrames.ICMPV6_PORT_UNREACHABLE, KernelFrames.TCP6_SYN}) {
            parse(frame);
            int field = f.l4Offset() + Checksum.transportChecksumOffset(f.l4Protocol());
            int kernels = Bytes.u16(f.segment(), field);
            Checksum.fillTransport(f);
            assertThat(Bytes.u16(f.segment(), field)).as(frame).isEqualTo(kernels);
            int ipKernels = f.ipVersion() == 4 ? f.ipv4().checksum() : 0;
            if (f.ipVersion() == 4) {
                f.ipv4().fillChecksum();
                assertThat(f.ipv4().checksum()).isEqualTo(ipKernels);
            }
        }
    }

    @Test
    void icmpv6EchoReplyAndAddressesAsHighLowLongs() {
        parse(KernelFrames.ICMPV6_ECHO_REPLY);
        assertThat(f.ipVersion()).isEqualTo(6);
        assertThat(f.ipv6().hopLimit()).isEqualTo(64);
        assertThat(f.ipv6().flowLabel()).isEqualTo(0x5E5C3);
        assertThat(f.ipv6().sourceHigh()).isEqualTo(ip6High("fd00:254::1"));
        assertThat(f.ipv6().sourceLow()).isEqualTo(ip6Low("fd00:254::1"));
        assertThat(f.ipv6().destinationLow()).isEqualTo(2L);
        assertThat(f.icmpv6().type()).isEqualTo(Icmpv6Header.ECHO_REPLY);
        assertThat(f.icmpv6().identifier()).isEqualTo(0x4A56);
    }

    @Test
    void icmpv6PortUnreachableQuotesTheUdpPacket() {
        parse(KernelFrames.ICMPV6_PORT_UNREACHABLE);
        assertThat(f.icmpv6().type()).isEqualTo(Icmpv6Header.DESTINATION_UNREACHABLE);
        assertThat(f.icmpv6().code()).isEqualTo(Icmpv6Header.CODE_PORT_UNREACHABLE);
        assertThat(f.isIcmpError()).isTrue();
        assertThat(f.innerIpv6().sourceLow()).isEqualTo(2L);
        assertThat(f.innerProtocol()).isEqualTo(IpProtocol.UDP);
        assertThat(f.innerL4Offset()).isEqualTo(14 + 40 + 8 + 40);
        assertThat(f.innerSourcePort()).isEqualTo(40000);
        assertThat(f.innerDestinationPort()).isEqualTo(9);
    }

    @Test
    void ipv6SynParsesWithValidChecksum() {
        parse(KernelFrames.TCP6_SYN);
        assertThat(f.l4Protocol()).isEqualTo(IpProtocol.TCP);
        assertThat(f.l4Offset()).isEqualTo(54);
        assertThat(f.destinationPort()).isEqualTo(80);
        assertThat(Checksum.transportValid(f)).isTrue();
    }
}
