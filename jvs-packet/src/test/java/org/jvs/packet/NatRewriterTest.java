package org.jvs.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.packet.TestFrames.Builder.ipv4;
import static org.jvs.packet.TestFrames.Builder.ipv6;
import static org.jvs.packet.TestFrames.hex;
import static org.jvs.packet.TestFrames.ip4;
import static org.jvs.packet.TestFrames.ip6High;
import static org.jvs.packet.TestFrames.ip6Low;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NatRewriterTest {
    private final PacketParser parser = new PacketParser(true);
    private final ParsedFrame f = new ParsedFrame();

    private MemorySegment parsed(byte[] frame) {
        MemorySegment s = MemorySegment.ofArray(frame);
        assertThat(parser.parse(s, 0, frame.length, f)).isEqualTo(ParseStatus.OK);
        return s;
    }

    @Test
    void inboundNatOfTheKernelsSynEqualsTheSynBuiltForTheRealServer() {
        // 172.25.254.1:47726 -> 172.25.254.2:80 (the VIP here) becomes -> RIP 10.0.0.5:8080.
        byte[] frame = hex(KernelFrames.TCP_SYN);
        parsed(frame);
        NatRewriter.setDestinationV4(f, ip4("10.0.0.5"), 8080);
        assertThat(f.destinationPort()).isEqualTo(8080);

        byte[] expected = hex(KernelFrames.TCP_SYN);
        ByteBuffer.wrap(expected).putInt(30, ip4("10.0.0.5")).putShort(36, (short) 8080);
        TestFrames.refreshIpv4Checksums(expected);
        assertThat(frame).isEqualTo(expected);
    }

    @Test
    void replyNatRewritesTheSourceBackToTheVirtualService() {
        byte[] reply = ipv4("10.0.0.5", "192.0.2.10").tcp(8080, 40000, TcpHeader.SYN | TcpHeader.ACK,
                new byte[] {1, 2, 3}).build();
        parsed(reply);
        NatRewriter.setSourceV4(f, ip4("172.25.254.100"), 80);
        byte[] expected = ipv4("172.25.254.100", "192.0.2.10").tcp(80, 40000, TcpHeader.SYN | TcpHeader.ACK,
                new byte[] {1, 2, 3}).build();
        assertThat(reply).isEqualTo(expected);
        assertThat(f.sourcePort()).isEqualTo(80);
    }

    @Test
    void udpWithoutChecksumGetsAFullOneLikeTheKernel() {
        byte[] frame = ipv4("192.0.2.10", "172.25.254.100").udp(5000, 53, "query".getBytes()).noUdpChecksum()
                .build();
        parsed(frame);
        NatRewriter.setDestinationV4(f, ip4("10.0.0.5"), 53);
        byte[] expected = ipv4("192.0.2.10", "10.0.0.5").udp(5000, 53, "query".getBytes()).build();
        assertThat(frame).isEqualTo(expected);
        assertThat(f.udp().checksum()).isNotZero();
    }

    @Test
    void udpFirstFragmentWithoutChecksumKeepsZero() {
        byte[] frame = ipv4("192.0.2.10", "172.25.254.100").fragment(true, 0).dontFragment(false)
                .udp(5000, 53, new byte[16]).noUdpChecksum().build();
        parsed(frame);
        NatRewriter.setDestinationV4(f, ip4("10.0.0.5"), 5353);
        assertThat(f.udp().checksum()).isZero();
        assertThat(f.udp().destinationPort()).isEqualTo(5353);
        assertThat(f.ipv4().checksumValid()).isTrue();
    }

    @Test
    void incrementalUdpResultOfZeroIsSentAsFfff() {
        // Search a destination address that makes the updated checksum exactly zero (0xFFFF on the wire).
        byte[] template = ipv4("192.0.2.10", "172.25.254.100").udp(5000, 53, new byte[] {7}).build();
        parsed(template.clone());
        int before = f.udp().checksum();
        int target = -1;
        for (int candidate = 1; candidate < 0x10000 && target < 0; candidate++) {
            int addr = ip4("10.0.0.0") | candidate;
            if (Checksum.update32(before, ip4("172.25.254.100"), addr) == 0) {
                target = addr;
            }
        }
        assertThat(target).isNotNegative();
        byte[] frame = template.clone();
        parsed(frame);
        NatRewriter.setDestinationV4(f, target, 53);
        assertThat(f.udp().checksum()).isEqualTo(0xFFFF);
        assertThat(parser.parse(MemorySegment.ofArray(frame), 0, frame.length, f)).isEqualTo(ParseStatus.OK);
    }

    @Test
    void icmpErrorFromARealServerIsTranslatedToTheVirtualService() {
        // Client 192.0.2.10 sent UDP to VIP 172.25.254.100:53, NATed to RIP 10.0.0.5:5353; the RS answers
        // port unreachable quoting 192.0.2.10:5000 -> 10.0.0.5:5353. The client must see the VIP instead.
        byte[] natted = ipv4("192.0.2.10", "10.0.0.5").udp(5000, 5353, "query".getBytes()).build();
        byte[] error = ipv4("10.0.0.5", "192.0.2.10").icmpError(IcmpHeader.DESTINATION_UNREACHABLE,
                IcmpHeader.CODE_PORT_UNREACHABLE, 0, natted, 576).build();
        parsed(error);
        NatRewriter.translateIcmpErrorV4(f, true, ip4("172.25.254.100"), 53);
        assertThat(parser.parse(MemorySegment.ofArray(error), 0, error.length, f)).isEqualTo(ParseStatus.OK);
        assertThat(f.ipv4().source()).isEqualTo(ip4("172.25.254.100"));
        assertThat(f.innerIpv4().destination()).isEqualTo(ip4("172.25.254.100"));
        assertThat(f.innerIpv4().checksumValid()).isTrue();
        assertThat(f.innerDestinationPort()).isEqualTo(53);
        assertThat(f.innerSourcePort()).isEqualTo(5000);
        assertThat(f.innerIpv4().source()).isEqualTo(ip4("192.0.2.10"));
    }

    @Test
    void icmpErrorTowardsARealServerIsTranslatedInbound() {
        // A router tells the VIP that its reply 172.25.254.100:80 -> 192.0.2.10:40000 needed fragmenting.
        byte[] reply = ipv4("172.25.254.100", "192.0.2.10").tcp(80, 40000, TcpHeader.ACK, new byte[0]).build();
        byte[] error = ipv4("198.51.100.1", "172.25.254.100").icmpError(IcmpHeader.DESTINATION_UNREACHABLE,
                IcmpHeader.CODE_FRAGMENTATION_NEEDED, 1400, reply, 28).build();
        parsed(error);
        NatRewriter.translateIcmpErrorV4(f, false, ip4("10.0.0.5"), 8080);
        assertThat(parser.parse(MemorySegment.ofArray(error), 0, error.length, f)).isEqualTo(ParseStatus.OK);
        assertThat(f.ipv4().destination()).isEqualTo(ip4("10.0.0.5"));
        assertThat(f.innerIpv4().source()).isEqualTo(ip4("10.0.0.5"));
        assertThat(f.innerSourcePort()).isEqualTo(8080);
        assertThat(f.icmp().nextHopMtu()).isEqualTo(1400);
    }

    @Test
    void icmpv6ErrorIsTranslatedWithItsPseudoHeaderChecksum() {
        byte[] natted = ipv6("2001:db8::10", "fd00::5").udp(5000, 5353, "q".getBytes()).build();
        byte[] error = ipv6("fd00::5", "2001:db8::10").icmpError(Icmpv6Header.DESTINATION_UNREACHABLE,
                Icmpv6Header.CODE_PORT_UNREACHABLE, 0, natted, 1232).build();
        parsed(error);
        NatRewriter.translateIcmpErrorV6(f, true, ip6High("fd00::100"), ip6Low("fd00::100"), 53);
        assertThat(parser.parse(MemorySegment.ofArray(error), 0, error.length, f)).isEqualTo(ParseStatus.OK);
        assertThat(f.ipv6().sourceLow()).isEqualTo(0x100L);
        assertThat(f.innerIpv6().destinationLow()).isEqualTo(0x100L);
        assertThat(f.innerDestinationPort()).isEqualTo(53);
    }

    @Property(tries = 1500)
    void rewrittenFrameEqualsTheFrameBuiltWithTheNewAddressAndPort(@ForAll("flows") Flow flow,
            @ForAll boolean source, @ForAll("v4") int newV4, @ForAll("v6") long newLow, @ForAll("ports") int newPort) {
        String newAddress = flow.v6 ? "fd00:99::" + Long.toHexString(newLow & 0xFFFF)
                : ((newV4 >>> 24) & 0xFF) + "." + ((newV4 >>> 16) & 0xFF) + "." + ((newV4 >>> 8) & 0xFF) + "."
                        + (newV4 & 0xFF);
        byte[] frame = flow.build(flow.src, flow.dst, flow.sport, flow.dport, true);
        parsed(frame);
        if (flow.v6) {
            long high = ip6High(newAddress);
            long low = ip6Low(newAddress);
            if (source) {
                NatRewriter.setSourceV6(f, high, low, newPort);
            } else {
                NatRewriter.setDestinationV6(f, high, low, newPort);
            }
        } else if (source) {
            NatRewriter.setSourceV4(f, ip4(newAddress), newPort);
        } else {
            NatRewriter.setDestinationV4(f, ip4(newAddress), newPort);
        }
        byte[] expected = source
                ? flow.build(newAddress, flow.dst, newPort, flow.dport, false)
                : flow.build(flow.src, newAddress, flow.sport, newPort, false);
        assertThat(frame).isEqualTo(expected);
        assertThat(parser.parse(MemorySegment.ofArray(frame), 0, frame.length, f)).isEqualTo(ParseStatus.OK);
    }

    /** One random TCP or UDP flow; UDP over IPv4 may be sent without checksum. */
    record Flow(boolean v6, boolean tcp, boolean zeroUdpChecksum, String src, String dst, int sport, int dport,
            byte[] payload, int vlan) {
        byte[] build(String s, String d, int sp, int dp, boolean original) {
            TestFrames.Builder b = v6 ? ipv6(s, d) : ipv4(s, d);
            if (vlan >= 0) {
                b.vlan(vlan);
            }
            if (tcp) {
                b.tcp(sp, dp, TcpHeader.ACK, payload);
            } else {
                b.udp(sp, dp, payload);
                // The kernel (and NatRewriter) turn "no checksum" into a full checksum on rewrite.
                if (zeroUdpChecksum && original) {
                    b.noUdpChecksum();
                }
            }
            return b.build();
        }
    }

    @Provide
    Arbitrary<Flow> flows() {
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        Arbitrary<Integer> port = ports();
        Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Combinators.combine(bool, bool, bool, v4(), v4(), port, port, payload)
                .as((v6, tcp, zero, a, b, sp, dp, p) -> new Flow(v6, tcp, zero && !v6 && !tcp,
                        v6 ? "2001:db8::" + Integer.toHexString(a & 0xFFFF) : dotted(a),
                        v6 ? "fd00:1::" + Integer.toHexString(b & 0xFFFF) : dotted(b), sp, dp, p,
                        (a & 1) == 0 ? -1 : (b & 0xFFF)));
    }

    private static String dotted(int a) {
        // Keep clear of the 0/8 and multicast ranges, which are not what NAT rewrites.
        return (1 + ((a >>> 24) & 0x7F)) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    @Provide
    Arbitrary<Integer> v4() {
        return Arbitraries.integers().between(0x0100_0000, 0x7FFF_FFFF);
    }

    @Provide
    Arbitrary<Long> v6() {
        return Arbitraries.longs().between(1, 0xFFFF);
    }

    @Provide
    Arbitrary<Integer> ports() {
        return Arbitraries.integers().between(0, 65535);
    }
}
