package org.jvs.realserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.jvs.realserver.TunnelFrames.GUE_PORT;
import static org.jvs.realserver.TunnelFrames.INNER_AT;
import static org.jvs.realserver.TunnelFrames.RIP;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.jvs.packet.Encapsulation;
import org.jvs.packet.EthernetFrame;
import org.jvs.packet.IpProtocol;
import org.jvs.packet.Ipv4Header;
import org.jvs.packet.Ipv6Header;
import org.junit.jupiter.api.Test;

class TunnelDecoderTest {
    private static final int ECT_0 = 0x02;
    private static final int CE = 0x03;
    private final TunnelCounters counters = new TunnelCounters();
    private final TunnelDecoder ipipOnly = new TunnelDecoder(new int[] {TunnelFrames.address(10, 0, 0, 1), RIP}, new long[0], 0,
            counters);
    private final TunnelDecoder withGue = new TunnelDecoder(new int[] {RIP}, new long[0], GUE_PORT, counters);
    private final MemorySegment s = TunnelFrames.buffer();

    private byte[] bytes(int at, int length) {
        return s.asSlice(at, length).toArray(ValueLayout.JAVA_BYTE);
    }

    private int decode(TunnelDecoder decoder, int frame, boolean checksumNotReady) {
        return decoder.decode(s, frame, TunnelFrames.frameEnd(s, frame) - frame, checksumNotReady);
    }

    @Test
    void ipipToThisHostYieldsTheClientsPacketAsSent() {
        int length = TunnelFrames.clientSegment(s, 100, 0, false);
        byte[] sent = bytes(INNER_AT, length);
        int frame = TunnelFrames.ipip(s, RIP);

        assertThat(decode(ipipOnly, frame, false)).isEqualTo(length);

        assertThat(ipipOnly.innerOffset()).isEqualTo(INNER_AT);
        assertThat(bytes(INNER_AT, length)).isEqualTo(sent);
        assertThat(counters.summary()).isEqualTo("delivered 0 packets");
    }

    @Test
    void ipv4AndIpv6InsideIpv6ToThisHostAreDecapsulated() {
        long prefix = 0x2001_0db8_0000_0000L;
        TunnelDecoder decoder = new TunnelDecoder(new int[0], new long[] {prefix, 0x22}, 0, counters);
        int length = TunnelFrames.clientSegment(s, 60, 0, false);
        byte[] sent = bytes(INNER_AT, length);
        int frame = ipv6Frame(Encapsulation.ipipV6(s, INNER_AT, prefix, 0x11, prefix, 0x22));
        assertThat(decoder.decode(s, frame, EthernetFrame.HEADER_LENGTH + 40 + length, false)).isEqualTo(length);
        assertThat(bytes(INNER_AT, length)).isEqualTo(sent);

        // ip6ip6: a UDP datagram from 2001:db8::50 to the VIP 2001:db8::100.
        Ipv6Header.write(s, INNER_AT, 0, 12, IpProtocol.UDP, 63, prefix, 0x50, prefix, 0x100);
        s.asSlice(INNER_AT + 40, 12).fill((byte) 7);
        byte[] datagram = bytes(INNER_AT, 52);
        frame = ipv6Frame(Encapsulation.ipipV6(s, INNER_AT, prefix, 0x11, prefix, 0x22));
        assertThat(decoder.decode(s, frame, EthernetFrame.HEADER_LENGTH + 40 + 52, false)).isEqualTo(52);
        assertThat(decoder.innerOffset()).isEqualTo(INNER_AT);
        assertThat(bytes(INNER_AT, 52)).isEqualTo(datagram);

        // The same to another host's address is transit traffic.
        frame = ipv6Frame(Encapsulation.ipipV6(s, INNER_AT, prefix, 0x11, prefix, 0x33));
        assertThat(decoder.decode(s, frame, EthernetFrame.HEADER_LENGTH + 40 + 52, false))
                .isEqualTo(TunnelDecoder.IGNORED);
    }

    private int ipv6Frame(int outer) {
        int frame = outer - EthernetFrame.HEADER_LENGTH;
        EthernetFrame.writeHeader(s, frame, 2, 1, EthernetFrame.NO_VLAN, EthernetFrame.TYPE_IPV6);
        return frame;
    }

    @Test
    void aChecksumLeftPartialByOffloadIsFinished() {
        int length = TunnelFrames.clientSegment(s, 33, 0, false);
        byte[] complete = bytes(INNER_AT, length);
        TunnelFrames.clientSegment(s, 33, 0, true);
        assertThat(TunnelFrames.tcpChecksumValid(s, INNER_AT)).isFalse();
        int frame = TunnelFrames.ipip(s, RIP);

        assertThat(decode(ipipOnly, frame, true)).isEqualTo(length);

        assertThat(TunnelFrames.tcpChecksumValid(s, INNER_AT)).isTrue();
        assertThat(bytes(INNER_AT, length)).isEqualTo(complete);
    }

    @Test
    void tunnelTrafficForAnotherHostAndPlainTrafficAreLeftToTheKernel() {
        TunnelFrames.clientSegment(s, 10, 0, false);
        int transit = TunnelFrames.ipip(s, TunnelFrames.address(192, 168, 122, 33));
        byte[] before = bytes(transit, TunnelFrames.frameEnd(s, transit) - transit);

        assertThat(decode(ipipOnly, transit, false)).isEqualTo(TunnelDecoder.IGNORED);
        assertThat(bytes(transit, before.length)).isEqualTo(before);

        int length = TunnelFrames.clientSegment(s, 10, 0, false);
        int plain = INNER_AT - EthernetFrame.HEADER_LENGTH;
        EthernetFrame.writeHeader(s, plain, 1, 2, EthernetFrame.NO_VLAN, EthernetFrame.TYPE_IPV4);
        assertThat(ipipOnly.decode(s, plain, EthernetFrame.HEADER_LENGTH + length, false))
                .isEqualTo(TunnelDecoder.IGNORED);
        assertThat(counters.summary()).isEqualTo("delivered 0 packets");
    }

    @Test
    void gueToTheConfiguredPortIsDecapsulatedAndIgnoredWithoutOne() {
        int length = TunnelFrames.clientSegment(s, 50, 0, false);
        byte[] sent = bytes(INNER_AT, length);
        int frame = TunnelFrames.gue(s, RIP, GUE_PORT);
        assertThat(decode(ipipOnly, frame, false)).isEqualTo(TunnelDecoder.IGNORED);

        assertThat(decode(withGue, frame, false)).isEqualTo(length);
        assertThat(bytes(withGue.innerOffset(), length)).isEqualTo(sent);

        TunnelFrames.clientSegment(s, 50, 0, false);
        assertThat(decode(withGue, TunnelFrames.gue(s, RIP, GUE_PORT + 1), false)).isEqualTo(TunnelDecoder.IGNORED);
    }

    @Test
    void fragmentsOfTunnelPacketsAreCountedDrops() {
        TunnelFrames.clientSegment(s, 20, 0, false);
        int frame = TunnelFrames.ipip(s, RIP);
        TunnelFrames.setOuterFragmentWord(s, frame, Ipv4Header.FLAG_MF);
        assertThat(decode(ipipOnly, frame, false)).isEqualTo(TunnelDecoder.DROPPED);

        TunnelFrames.setOuterFragmentWord(s, frame, 185);
        assertThat(decode(ipipOnly, frame, false)).isEqualTo(TunnelDecoder.DROPPED);

        assertThat(counters.drops(DropReason.FRAGMENT)).isEqualTo(2);
    }

    @Test
    void congestionIsCarriedInwardOrTheNonEctPacketDroppedAsRfc6040Says() {
        int length = TunnelFrames.clientSegment(s, 20, ECT_0, false);
        int frame = TunnelFrames.ipip(s, RIP);
        markOuter(frame, CE);
        assertThat(decode(ipipOnly, frame, false)).isEqualTo(length);
        Ipv4Header inner = new Ipv4Header().wrap(s, INNER_AT);
        assertThat(inner.tos() & CE).isEqualTo(CE);
        assertThat(inner.checksumValid()).isTrue();

        TunnelFrames.clientSegment(s, 20, 0, false);
        frame = TunnelFrames.ipip(s, RIP);
        markOuter(frame, CE);
        assertThat(decode(ipipOnly, frame, false)).isEqualTo(TunnelDecoder.DROPPED);
        assertThat(counters.drops(DropReason.CONGESTION)).isEqualTo(1);
    }

    @Test
    void anInnerPacketLongerThanTheTunnelPacketIsDropped() {
        TunnelFrames.clientSegment(s, 20, 0, false);
        int frame = TunnelFrames.ipip(s, RIP);
        Ipv4Header inner = new Ipv4Header().wrap(s, INNER_AT);
        inner.setTotalLength(1500);
        inner.fillChecksum();

        assertThat(decode(ipipOnly, frame, false)).isEqualTo(TunnelDecoder.DROPPED);
        assertThat(counters.drops(DropReason.BAD_INNER)).isEqualTo(1);
    }

    /**
     * Measured with the JVM's per-thread allocation counter; a round may allocate while the JIT is
     * still at work, so the first clean round after warm-up passes.
     */
    @Test
    void decodingAllocatesNothingOnceCompiled() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "skipped: JVM does not count allocated bytes");
        TunnelFrames.clientSegment(s, 200, 0, true);
        int frame = TunnelFrames.ipip(s, RIP);
        int length = TunnelFrames.frameEnd(s, frame) - frame;
        MemorySegment template = TunnelFrames.buffer();
        MemorySegment.copy(s, frame, template, 0, length);
        long sink = decodeRepeatedly(200_000, template, frame, length);
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 20 && best > 0; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            sink += decodeRepeatedly(100_000, template, frame, length);
            best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertThat(sink).isPositive();
        assertThat(best).as("bytes allocated in the cleanest round").isZero();
    }

    private long decodeRepeatedly(int times, MemorySegment template, int frame, int length) {
        long sink = 0;
        for (int i = 0; i < times; i++) {
            MemorySegment.copy(template, 0, s, frame, length);
            sink += ipipOnly.decode(s, frame, length, true);
        }
        return sink;
    }

    private void markOuter(int frame, int ecn) {
        Ipv4Header outer = new Ipv4Header().wrap(s, frame + EthernetFrame.HEADER_LENGTH);
        outer.setTos(outer.tos() & ~CE | ecn);
        outer.fillChecksum();
    }
}
