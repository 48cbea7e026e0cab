package org.jvs.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.packet.TestFrames.Builder.ipv4;
import static org.jvs.packet.TestFrames.Builder.ipv6;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Whatever the builders write, the parser accepts with valid checksums and reads back. */
class BuilderPropertiesTest {
    private static final int HEADROOM = 64;
    private final PacketParser parser = new PacketParser(true);
    private final ParsedFrame original = new ParsedFrame();
    private final ParsedFrame built = new ParsedFrame();
    private final MemorySegment out = Arena.ofAuto().allocate(IcmpErrors.MAX_FRAME_LENGTH);

    @Property(tries = 500)
    void icmpErrorsAreValidAndNameTheOriginalFlow(@ForAll("flows") byte[] frame, @ForAll @IntRange(max = 2) int kind,
            @ForAll @IntRange(min = 68, max = 9000) int mtu) {
        assertThat(parser.parse(MemorySegment.ofArray(frame), 0, frame.length, original)).isEqualTo(ParseStatus.OK);
        int n;
        if (original.ipVersion() == 4) {
            n = switch (kind) {
                case 0 -> IcmpErrors.portUnreachableV4(original, out, 0, TestFrames.DIRECTOR_MAC, 0x0A000001, 5);
                case 1 -> IcmpErrors.fragmentationNeededV4(original, out, 0, TestFrames.DIRECTOR_MAC, 0x0A000001, 5,
                        mtu);
                default -> IcmpErrors.timeExceededV4(original, out, 0, TestFrames.DIRECTOR_MAC, 0x0A000001, 5);
            };
        } else {
            n = switch (kind) {
                case 0 -> IcmpErrors.portUnreachableV6(original, out, 0, TestFrames.DIRECTOR_MAC, 0xFD00L << 48, 1);
                case 1 -> IcmpErrors.packetTooBigV6(original, out, 0, TestFrames.DIRECTOR_MAC, 0xFD00L << 48, 1, mtu);
                default -> IcmpErrors.hopLimitExceededV6(original, out, 0, TestFrames.DIRECTOR_MAC, 0xFD00L << 48, 1);
            };
        }
        assertThat(n).as("error frame length").isPositive();
        assertThat(parser.parse(out, 0, n, built)).isEqualTo(ParseStatus.OK);
        assertThat(built.isIcmpError()).isTrue();
        assertThat(built.innerSourcePort()).isEqualTo(original.sourcePort());
        assertThat(built.innerDestinationPort()).isEqualTo(original.destinationPort());
        assertThat(built.innerProtocol()).isEqualTo(original.l4Protocol());
        int limit = original.ipVersion() == 4 ? 576 - 28 : 1280 - 48;
        assertThat(built.l4Length() - 8).isEqualTo(Math.min(original.l3Length(), limit));
        assertThat(built.vlanTci()).isEqualTo(original.vlanTci());
        if (built.ipVersion() == 4) {
            assertThat(built.ipv4().destination()).isEqualTo(original.ipv4().source());
        } else {
            assertThat(built.ipv6().destinationLow()).isEqualTo(original.ipv6().sourceLow());
        }
    }

    @Property(tries = 500)
    void tunnelsParseValidAndGiveBackTheInnerDatagram(@ForAll("flows") byte[] frame, @ForAll boolean outerV6,
            @ForAll boolean gue, @ForAll boolean gre, @ForAll boolean udpChecksum, @ForAll int flowHash) {
        MemorySegment s = TestFrames.offHeap(frame, HEADROOM);
        assertThat(parser.parse(s, HEADROOM, frame.length, original)).isEqualTo(ParseStatus.OK);
        int inner = original.l3Offset();
        int end = original.l3End();
        byte[] datagram = s.asSlice(inner, end - inner).toArray(ValueLayout.JAVA_BYTE);
        int port = Encapsulation.flowSourcePort(flowHash);
        int outer;
        if (gre && !gue) {
            outer = outerV6 ? Encapsulation.greV6(s, inner, 0xFD00L << 48, 1, 0xFD00L << 48, 2, udpChecksum)
                    : Encapsulation.greV4(s, inner, 0xC0A80A01, 0xC0A80A02, 3, true, udpChecksum);
        } else if (outerV6) {
            outer = gue ? Encapsulation.gueV6(s, inner, 0xFD00L << 48, 1, 0xFD00L << 48, 2, port, 6080, udpChecksum)
                    : Encapsulation.ipipV6(s, inner, 0xFD00L << 48, 1, 0xFD00L << 48, 2);
        } else {
            outer = gue ? Encapsulation.gueV4(s, inner, 0xC0A80A01, 0xC0A80A02, 3, true, port, 6080, udpChecksum)
                    : Encapsulation.ipipV4(s, inner, 0xC0A80A01, 0xC0A80A02, 3, true);
        }
        int frameAt = outer - EthernetFrame.writeHeader(s, outer - 14, 2, 1, EthernetFrame.NO_VLAN,
                outerV6 ? EthernetFrame.TYPE_IPV6 : EthernetFrame.TYPE_IPV4);
        ParseStatus status = parser.parse(s, frameAt, end - frameAt, built);
        if (outerV6 && gue && !udpChecksum) {
            // IPv6 UDP with checksum zero (what IPVS sends without --tun-csum) is only valid for tunnels.
            assertThat(status).isEqualTo(ParseStatus.BAD_L4_CHECKSUM);
            status = new PacketParser(false).parse(s, frameAt, end - frameAt, built);
        }
        assertThat(status).isEqualTo(ParseStatus.OK);
        int innerAt = Encapsulation.innerOffset(built, 6080);
        assertThat(innerAt).isEqualTo(inner);
        int plain = Encapsulation.decapsulate(built, innerAt);
        assertThat(parser.parse(s, plain, end - plain, built)).isEqualTo(ParseStatus.OK);
        assertThat(s.asSlice(inner, end - inner).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(datagram);
    }

    @Property(tries = 300)
    void arpFramesParseAndRoundTrip(@ForAll long mac, @ForAll int ip, @ForAll int target, @ForAll boolean reply) {
        long m = mac & 0xFEFF_FFFF_FFFFL;
        int n = reply ? ArpPacket.writeReply(out, 3, m, ip, 0x0200_0000_0001L, target)
                : ArpPacket.writeRequest(out, 3, m, ip, target);
        assertThat(parser.parse(out, 3, n, built)).isEqualTo(ParseStatus.OK);
        assertThat(built.arp().senderMac()).isEqualTo(m);
        assertThat(built.arp().senderIp()).isEqualTo(ip);
        assertThat(built.arp().targetIp()).isEqualTo(target);
        assertThat(built.ethernet().source()).isEqualTo(m);
    }

    @Provide
    Arbitrary<byte[]> flows() {
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
        Arbitrary<Integer> size = Arbitraries.integers().between(0, 1460);
        // Unicast sources only (no 0/8, 127/8, multicast): errors about other sources are never sent.
        Arbitrary<Integer> octet = Arbitraries.integers().between(1, 223).filter(o -> o != 127);
        return Combinators.combine(bool, bool, bool, port, port, size, octet, Arbitraries.integers().between(0, 255))
                .as((v6, tcp, vlan, sp, dp, len, a, tos) -> {
                    TestFrames.Builder b = v6 ? ipv6("2001:db8::" + Integer.toHexString(a), "fd00::100")
                            : ipv4(a + ".0.2." + (tos & 0x7F), "172.25.254.100");
                    b.tos(tos);
                    if (vlan) {
                        b.vlan(a);
                    }
                    byte[] payload = new byte[len];
                    java.util.Arrays.fill(payload, (byte) tos.intValue());
                    return tcp ? b.tcp(sp, dp, TcpHeader.ACK, payload).build() : b.udp(sp, dp, payload).build();
                });
    }
}
