package org.jvs.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.packet.TestFrames.Builder.ipv4;
import static org.jvs.packet.TestFrames.Builder.ipv6;
import static org.jvs.packet.TestFrames.hex;
import static org.jvs.packet.TestFrames.ip4;
import static org.jvs.packet.TestFrames.ip6High;
import static org.jvs.packet.TestFrames.ip6Low;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class IcmpErrorsTest {
    private static final long OUR_MAC = TestFrames.DIRECTOR_MAC;
    private final PacketParser parser = new PacketParser(true);
    private final ParsedFrame original = new ParsedFrame();
    private final ParsedFrame reply = new ParsedFrame();
    private final MemorySegment out = Arena.ofAuto().allocate(IcmpErrors.MAX_FRAME_LENGTH + 64);

    private ParsedFrame original(byte[] frame) {
        assertThat(parser.parse(MemorySegment.ofArray(frame), 0, frame.length, original)).isEqualTo(ParseStatus.OK);
        return original;
    }

    private ParsedFrame reply(int length) {
        assertThat(length).isPositive();
        assertThat(parser.parse(out, 0, length, reply)).isEqualTo(ParseStatus.OK);
        return reply;
    }

    @Test
    void portUnreachableIsByteForByteWhatLinuxSends() {
        // The UDP datagram the kernel answered in KernelFrames.ICMP_PORT_UNREACHABLE, as it arrived.
        byte[] udp = hex("020000000001020000000002 0800"
                + "45000025123440004011d45cac19fe02ac19fe019c4000090011ebd468656c6c6f2d6c7673");
        int n = IcmpErrors.portUnreachableV4(original(udp), out, 0, OUR_MAC, ip4("172.25.254.1"), 0x7F7E);
        assertThat(TestFrames.hex(out, 0, n)).isEqualTo(KernelFrames.ICMP_PORT_UNREACHABLE);
    }

    @Test
    void icmpv6PortUnreachableMatchesLinuxButForTheFlowLabel() {
        byte[] udp = hex("020000000001020000000002 86dd 60000000001111 40"
                + "fd000254000000000000000000000002fd000254000000000000000000000001"
                + "9c4000090011416068656c6c6f2d6c7673");
        int n = IcmpErrors.portUnreachableV6(original(udp), out, 0, OUR_MAC, ip6High("fd00:254::1"),
                ip6Low("fd00:254::1"));
        // Linux picks a flow label per socket; ours is zero. The label is not in the checksum.
        String linux = KernelFrames.ICMPV6_PORT_UNREACHABLE.replace("86dd600c3536", "86dd60000000");
        assertThat(TestFrames.hex(out, 0, n)).isEqualTo(linux);
    }

    @Test
    void fragmentationNeededCarriesTheMtuAndQuotesAtMost548Bytes() {
        byte[] big = ipv4("192.0.2.10", "172.25.254.100").tcp(40000, 80, TcpHeader.ACK, new byte[1460]).build();
        int n = IcmpErrors.fragmentationNeededV4(original(big), out, 0, OUR_MAC, ip4("172.25.254.100"), 7, 1480);
        ParsedFrame r = reply(n);
        assertThat(n).isEqualTo(14 + 576);
        assertThat(r.ipv4().totalLength()).isEqualTo(576);
        assertThat(r.ipv4().destination()).isEqualTo(ip4("192.0.2.10"));
        assertThat(r.ipv4().source()).isEqualTo(ip4("172.25.254.100"));
        assertThat(r.ipv4().dontFragment()).isFalse();
        assertThat(r.ipv4().ttl()).isEqualTo(64);
        assertThat(r.ethernet().destination()).isEqualTo(TestFrames.CLIENT_MAC);
        assertThat(r.ethernet().source()).isEqualTo(OUR_MAC);
        assertThat(r.icmp().type()).isEqualTo(IcmpHeader.DESTINATION_UNREACHABLE);
        assertThat(r.icmp().code()).isEqualTo(IcmpHeader.CODE_FRAGMENTATION_NEEDED);
        assertThat(r.icmp().nextHopMtu()).isEqualTo(1480);
        assertThat(r.isIcmpError()).isTrue();
        assertThat(r.innerSourcePort()).isEqualTo(40000);
        assertThat(r.innerDestinationPort()).isEqualTo(80);
    }

    @Test
    void timeExceededKeepsTheVlanTagAndTosBitsOfTheOriginal() {
        byte[] ping = ipv4("192.0.2.10", "10.0.0.5").vlan(42).tos(0x10).ttl(1)
                .icmp(IcmpHeader.ECHO_REQUEST, 0, 0x00010001, new byte[8]).build();
        ParsedFrame r = reply(IcmpErrors.timeExceededV4(original(ping), out, 0, OUR_MAC, ip4("10.0.0.1"), 1));
        assertThat(r.vlanTci()).isEqualTo(42);
        assertThat(r.ipv4().tos()).isEqualTo(0xD0);
        assertThat(r.icmp().type()).isEqualTo(IcmpHeader.TIME_EXCEEDED);
        assertThat(r.innerIpv4().ttl()).isEqualTo(1);
        assertThat(r.innerProtocol()).isEqualTo(IpProtocol.ICMP);
    }

    @Test
    void noErrorAboutErrorsBroadcastsMulticastsOrBogusSources() {
        byte[] error = hex(KernelFrames.ICMP_PORT_UNREACHABLE);
        assertThat(IcmpErrors.portUnreachableV4(original(error), out, 0, OUR_MAC, 1, 1)).isZero();
        for (String[] pair : new String[][] {{"192.0.2.10", "255.255.255.255"}, {"192.0.2.10", "224.0.0.251"},
                {"0.0.0.0", "10.0.0.5"}, {"127.0.0.1", "10.0.0.5"}, {"240.0.0.1", "10.0.0.5"}}) {
            byte[] udp = ipv4(pair[0], pair[1]).udp(1, 2, new byte[4]).build();
            assertThat(IcmpErrors.portUnreachableV4(original(udp), out, 0, OUR_MAC, 1, 1)).as(pair[1]).isZero();
        }
        byte[] linkBroadcast = ipv4("192.0.2.10", "10.0.0.5").udp(1, 2, new byte[4]).build();
        for (int i = 0; i < 6; i++) {
            linkBroadcast[i] = (byte) 0xFF;
        }
        assertThat(IcmpErrors.portUnreachableV4(original(linkBroadcast), out, 0, OUR_MAC, 1, 1)).isZero();
        byte[] unknownIcmp = ipv4("192.0.2.10", "10.0.0.5").icmp(42, 0, 0, new byte[4]).build();
        assertThat(IcmpErrors.timeExceededV4(original(unknownIcmp), out, 0, OUR_MAC, 1, 1)).isZero();
    }

    @Test
    void packetTooBigQuotesUpTo1232BytesAndIsAllowedForMulticast() {
        byte[] big = ipv6("2001:db8::10", "ff02::1").udp(1, 2, new byte[1400]).build();
        assertThat(IcmpErrors.portUnreachableV6(original(big), out, 0, OUR_MAC, 0, 1)).isZero();
        ParsedFrame r = reply(IcmpErrors.packetTooBigV6(original(big), out, 0, OUR_MAC, ip6High("fd00::1"),
                ip6Low("fd00::1"), 1280));
        assertThat(r.l3Length()).isEqualTo(1280);
        assertThat(r.icmpv6().type()).isEqualTo(Icmpv6Header.PACKET_TOO_BIG);
        assertThat(r.icmpv6().mtu()).isEqualTo(1280L);
        assertThat(r.ipv6().destinationLow()).isEqualTo(0x10L);
        assertThat(r.ipv6().hopLimit()).isEqualTo(64);
    }

    @Test
    void noIcmpv6ErrorAboutErrorsRedirectsOrBogusSources() {
        byte[] error = hex(KernelFrames.ICMPV6_PORT_UNREACHABLE);
        assertThat(IcmpErrors.hopLimitExceededV6(original(error), out, 0, OUR_MAC, 0, 1)).isZero();
        byte[] redirect = ipv6("fe80::1", "fd00::5").icmp(Icmpv6Header.REDIRECT, 0, 0, new byte[32]).build();
        assertThat(IcmpErrors.hopLimitExceededV6(original(redirect), out, 0, OUR_MAC, 0, 1)).isZero();
        for (String source : new String[] {"::", "::1", "ff02::1"}) {
            byte[] udp = ipv6(source, "fd00::5").udp(1, 2, new byte[4]).build();
            assertThat(IcmpErrors.portUnreachableV6(original(udp), out, 0, OUR_MAC, 0, 1)).as(source).isZero();
        }
        byte[] echo = ipv6("2001:db8::10", "fd00::5").icmp(Icmpv6Header.ECHO_REQUEST, 0, 0, new byte[4]).build();
        assertThat(IcmpErrors.hopLimitExceededV6(original(echo), out, 0, OUR_MAC, 0, 1)).isPositive();
    }
}
