package org.jvs.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.jvs.packet.TestFrames.Builder.ipv4;
import static org.jvs.packet.TestFrames.Builder.ipv6;
import static org.jvs.packet.TestFrames.hex;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pushes a million valid, mutated and random frames through the parser, and every frame it accepts
 * through a NAT rewrite: nothing may throw, every rewritten frame must parse again with valid checksums,
 * and every drop reason must be reached (so the mutations really get into each layer).
 */
class PacketFuzzTest {
    private static final int FRAMES = 1_000_000;
    private static final long SEED = Long.getLong("jvs.fuzz.seed", 0x1F5_2026L);
    private static final int GUE_PORT = 6080;
    private static final byte[] DATA = "payload-of-some-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final PacketParser verifying = new PacketParser(true);
    private final PacketParser trusting = new PacketParser(false);
    private final ParsedFrame f = new ParsedFrame();
    private final ParsedFrame again = new ParsedFrame();
    private final MemorySegment buffer = Arena.ofAuto().allocate(2048);

    @Test
    void millionMutatedFramesNeverThrowAndRewrittenFramesStayValid() {
        List<byte[]> corpus = corpus();
        SplittableRandom random = new SplittableRandom(SEED);
        Map<ParseStatus, Integer> counts = new EnumMap<>(ParseStatus.class);
        int[] byStatus = new int[ParseStatus.values().length];
        int rewritten = 0;
        for (int i = 0; i < FRAMES; i++) {
            byte[] base = corpus.get(random.nextInt(corpus.size()));
            int length = mutate(base, random);
            try {
                ParseStatus status = verifying.parse(buffer, 0, length, f);
                byStatus[status.ordinal()]++;
                if (status == ParseStatus.OK) {
                    rewriteLikeNat(random);
                    ParseStatus after = verifying.parse(buffer, 0, length, again);
                    assertThat(after).as("re-parse after rewrite").isEqualTo(ParseStatus.OK);
                    assertValidChecksums(again);
                    rewritten++;
                } else if (trusting.parse(buffer, 0, length, f) == ParseStatus.OK) {
                    // Accepted only without transport verification: rewriting must still be safe.
                    rewriteLikeNat(random);
                    assertThat(trusting.parse(buffer, 0, length, again)).isEqualTo(ParseStatus.OK);
                    if (again.ipVersion() == 4) {
                        assertThat(again.ipv4().checksumValid()).isTrue();
                    }
                }
            } catch (AssertionError | RuntimeException e) {
                fail("frame " + i + " (seed " + SEED + "): " + TestFrames.hex(buffer, 0, length), e);
            }
        }
        for (ParseStatus s : ParseStatus.values()) {
            counts.put(s, byStatus[s.ordinal()]);
        }
        System.out.println("fuzz: " + FRAMES + " frames, " + rewritten + " rewritten, by status " + counts);
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(FRAMES);
        assertThat(counts).allSatisfy((status, n) -> assertThat(n).as(status.name()).isPositive());
        assertThat(rewritten).isGreaterThan(FRAMES / 10);
    }

    /** Copies {@code base} into the buffer, damages it one way or another, and returns the frame length. */
    private int mutate(byte[] base, SplittableRandom r) {
        MemorySegment.copy(MemorySegment.ofArray(base), 0, buffer, 0, base.length);
        int length = base.length;
        int l3 = Bytes.u16(buffer, 12) == EthernetFrame.TYPE_VLAN ? 18 : 14;
        switch (r.nextInt(12)) {
            case 0, 1 -> {
                // unchanged
            }
            case 2 -> length = r.nextInt(length + 1);
            case 3 -> {
                for (int n = 1 + r.nextInt(4); n > 0; n--) {
                    int at = r.nextInt(length);
                    Bytes.put8(buffer, at, Bytes.u8(buffer, at) ^ (1 << r.nextInt(8)));
                }
            }
            case 4 -> {
                // Damage inside the headers, then repair the IPv4 header checksum so the damage is seen.
                int span = Math.min(length, 80);
                for (int n = 1 + r.nextInt(3); n > 0; n--) {
                    Bytes.put8(buffer, r.nextInt(span), r.nextInt(256));
                }
                repairIpv4Checksum(l3, length);
            }
            case 5 -> {
                // A random 16-bit length or offset field.
                int[] fields = {l3 + 2, l3 + 4, l3 + 6, l3 + 40 + 4, l3 + 20 + 4, l3 + 20 + 12, l3};
                int at = fields[r.nextInt(fields.length)];
                if (at + 2 <= length) {
                    Bytes.put16(buffer, at, r.nextInt(0x10000));
                }
                repairIpv4Checksum(l3, length);
            }
            case 6 -> {
                if (l3 + 8 <= length && Bytes.u8(buffer, l3) >>> 4 == 4) {
                    Bytes.put16(buffer, l3 + 6, r.nextInt(0x10000) & (r.nextBoolean() ? 0x3FFF : 0x2000));
                    repairIpv4Checksum(l3, length);
                }
            }
            case 7 -> {
                int extra = r.nextInt(200);
                for (int i = 0; i < extra && length < buffer.byteSize(); i++) {
                    Bytes.put8(buffer, length++, r.nextInt(256));
                }
            }
            case 8 -> {
                length = r.nextInt(200);
                for (int i = 0; i < length; i++) {
                    Bytes.put8(buffer, i, r.nextInt(256));
                }
                if (length >= 14 && r.nextBoolean()) {
                    int[] types = {EthernetFrame.TYPE_IPV4, EthernetFrame.TYPE_IPV6, EthernetFrame.TYPE_ARP,
                            EthernetFrame.TYPE_VLAN};
                    Bytes.put16(buffer, 12, types[r.nextInt(types.length)]);
                    Bytes.put8(buffer, 14, (r.nextBoolean() ? 0x45 : 0x60));
                }
            }
            default -> {
                // Garbage in an ICMP quote (or wherever the payload is), with a correct ICMP checksum.
                if (trusting.parse(buffer, 0, length, f) == ParseStatus.OK
                        && (f.l4Protocol() == IpProtocol.ICMP || f.l4Protocol() == IpProtocol.ICMPV6)) {
                    int from = f.l4Offset() + 8;
                    int to = f.l3End();
                    for (int n = 1 + r.nextInt(6); n > 0 && to > from; n--) {
                        Bytes.put8(buffer, from + r.nextInt(Math.min(to - from, 64)), r.nextInt(256));
                    }
                    if (r.nextInt(4) > 0 && !f.isFragment()) {
                        Checksum.fillTransport(f);
                    }
                } else {
                    int at = l3 + r.nextInt(Math.max(1, length - l3));
                    if (at < length) {
                        Bytes.put8(buffer, at, r.nextInt(256));
                    }
                }
            }
        }
        return length;
    }

    private void repairIpv4Checksum(int l3, int length) {
        if (l3 + 20 > length || Bytes.u8(buffer, l3) >>> 4 != 4) {
            return;
        }
        int ihl = (Bytes.u8(buffer, l3) & 0x0F) * 4;
        if (ihl >= 20 && l3 + ihl <= length) {
            Bytes.put16(buffer, l3 + Ipv4Header.CHECKSUM_OFFSET, 0);
            Bytes.put16(buffer, l3 + Ipv4Header.CHECKSUM_OFFSET, Checksum.compute(buffer, l3, ihl));
        }
    }

    /** What a NAT director does to an accepted frame: translate ICMP errors, rewrite flows, age the rest. */
    private void rewriteLikeNat(SplittableRandom r) {
        int port = r.nextInt(0x10000);
        boolean source = r.nextBoolean();
        if (f.ipVersion() == 4) {
            int address = r.nextInt();
            if (f.isIcmpError()) {
                NatRewriter.translateIcmpErrorV4(f, source, address, port);
            } else if (source) {
                NatRewriter.setSourceV4(f, address, port);
            } else {
                NatRewriter.setDestinationV4(f, address, port);
            }
            if (f.ipv4().ttl() > 1) {
                f.ipv4().decrementTtl();
            }
        } else if (f.ipVersion() == 6) {
            long high = r.nextLong();
            long low = r.nextLong();
            if (f.isIcmpError()) {
                NatRewriter.translateIcmpErrorV6(f, source, high, low, port);
            } else if (source) {
                NatRewriter.setSourceV6(f, high, low, port);
            } else {
                NatRewriter.setDestinationV6(f, high, low, port);
            }
        }
        Encapsulation.innerOffset(f, GUE_PORT);
    }

    private static void assertValidChecksums(ParsedFrame p) {
        if (p.ipVersion() == 4) {
            assertThat(p.ipv4().checksumValid()).as("IPv4 header checksum").isTrue();
        }
        if (p.ipVersion() != 0 && !p.isFragment()) {
            assertThat(Checksum.transportValid(p)).as("transport checksum").isTrue();
        }
        if (p.isIcmpError() && p.ipVersion() == 4) {
            assertThat(p.innerIpv4().checksumValid()).as("quoted header checksum").isTrue();
        }
    }

    private static List<byte[]> corpus() {
        List<byte[]> c = new ArrayList<>();
        for (String k : new String[] {KernelFrames.ARP_REPLY, KernelFrames.ICMP_ECHO_REPLY,
                KernelFrames.ICMP_PORT_UNREACHABLE, KernelFrames.TCP_SYN, KernelFrames.UDP_DATAGRAM,
                KernelFrames.ICMPV6_ECHO_REPLY, KernelFrames.ICMPV6_PORT_UNREACHABLE, KernelFrames.TCP6_SYN}) {
            c.add(hex(k));
        }
        byte[] tcp = ipv4("192.0.2.10", "172.25.254.100").tcp(40000, 80, TcpHeader.ACK, DATA).build();
        byte[] udp = ipv4("192.0.2.10", "172.25.254.100").udp(5000, 53, DATA).build();
        byte[] tcp6 = ipv6("2001:db8::10", "fd00::100").tcp(40000, 443, TcpHeader.SYN, new byte[0]).build();
        c.add(tcp);
        c.add(udp);
        c.add(tcp6);
        c.add(ipv4("192.0.2.10", "172.25.254.100").udp(5000, 53, DATA).noUdpChecksum().build());
        c.add(ipv4("192.0.2.10", "172.25.254.100").vlan(100).tcp(1, 2, TcpHeader.FIN, DATA).padding(6).build());
        c.add(ipv4("192.0.2.10", "172.25.254.100").ipOptions(hex("0707040000000000")).udp(1, 2, DATA).build());
        c.add(ipv4("192.0.2.10", "172.25.254.100").ipOptions(hex("01010101")).tcp(1, 2, 0, DATA).build());
        c.add(ipv4("192.0.2.10", "172.25.254.100").fragment(true, 0).udp(1, 2, DATA).build());
        c.add(ipv4("192.0.2.10", "172.25.254.100").fragment(true, 0).tcp(1, 2, TcpHeader.ACK, DATA).build());
        c.add(ipv4("192.0.2.10", "172.25.254.100").fragment(false, 3).rawTransport(IpProtocol.UDP, DATA).build());
        c.add(ipv4("192.0.2.10", "172.25.254.100").icmp(IcmpHeader.ECHO_REQUEST, 0, 0x00070001, DATA).build());
        c.add(ipv4("198.51.100.1", "172.25.254.100").icmpError(IcmpHeader.DESTINATION_UNREACHABLE,
                IcmpHeader.CODE_FRAGMENTATION_NEEDED, 1400, tcp, 28).build());
        c.add(ipv4("198.51.100.1", "172.25.254.100").icmpError(IcmpHeader.TIME_EXCEEDED, 0, 0, udp, 576).build());
        c.add(ipv6("2001:db8::1", "fd00::100").icmpError(Icmpv6Header.PACKET_TOO_BIG, 0, 1280, tcp6, 1232).build());
        c.add(ipv6("2001:db8::10", "fd00::100").extensions(IpProtocol.HOP_BY_HOP,
                hex("3c00010400000000" + "2c00000000000000" + "1100000100000001")).udp(1, 2, DATA).build());
        c.add(ipv6("2001:db8::10", "fd00::100").extensions(IpProtocol.AH, hex("0601000000000000 00000000"))
                .tcp(1, 2, TcpHeader.ACK, DATA).build());
        byte[] innerIp = java.util.Arrays.copyOfRange(udp, 14, udp.length);
        c.add(ipv4("192.168.10.1", "192.168.10.2").rawTransport(IpProtocol.IPIP, innerIp).build());
        byte[] gue = new byte[12 + innerIp.length];
        TestFrames.put16(gue, 0, 40000);
        TestFrames.put16(gue, 2, GUE_PORT);
        TestFrames.put16(gue, 4, gue.length);
        gue[9] = (byte) IpProtocol.IPIP;
        System.arraycopy(innerIp, 0, gue, 12, innerIp.length);
        c.add(ipv4("192.168.10.1", "192.168.10.2").rawTransport(IpProtocol.UDP, gue).build());
        c.add(ipv4("192.0.2.10", "172.25.254.100").rawTransport(IpProtocol.GRE, DATA).build());
        return c;
    }
}
