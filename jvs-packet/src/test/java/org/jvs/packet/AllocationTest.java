package org.jvs.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The packet path allocates nothing per packet once compiled: parse, NAT rewrite, TTL decrement, IPIP
 * encapsulation and an ICMP error, measured with the JVM's per-thread allocation counter. A round may
 * allocate while the JIT is still at work, so the test passes on the first clean round after warm-up
 * and fails only if no round of many comes out clean.
 */
class AllocationTest {
    private static final int WARM_UP = 200_000;
    private static final int ROUND = 100_000;
    private static final int MAX_ROUNDS = 20;

    @Test
    void steadyStatePacketPathDoesNotAllocate() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "skipped: JVM does not count allocated bytes");
        byte[] syn = TestFrames.hex(KernelFrames.TCP_SYN);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(2048, 64);
            MemorySegment out = arena.allocate(IcmpErrors.MAX_FRAME_LENGTH, 64);
            PacketParser parser = new PacketParser(true);
            ParsedFrame frame = new ParsedFrame();
            long sink = run(WARM_UP, syn, buffer, out, parser, frame);
            long best = Long.MAX_VALUE;
            for (int round = 0; round < MAX_ROUNDS && best > 0; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                sink += run(ROUND, syn, buffer, out, parser, frame);
                best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertThat(sink).isPositive();
            assertThat(best).as("bytes allocated in the cleanest round of %d packets", ROUND).isZero();
        }
    }

    private static long run(int packets, byte[] syn, MemorySegment buffer, MemorySegment out, PacketParser parser,
            ParsedFrame f) {
        long sink = 0;
        for (int i = 0; i < packets; i++) {
            MemorySegment.copy(syn, 0, buffer, ValueLayout.JAVA_BYTE, 64, syn.length);
            if (parser.parse(buffer, 64, syn.length, f) != ParseStatus.OK) {
                throw new AssertionError("kernel SYN rejected");
            }
            NatRewriter.setDestinationV4(f, 0x0A00_0005 + (i & 7), 8080);
            f.ipv4().decrementTtl();
            sink += IcmpErrors.timeExceededV4(f, out, 0, TestFrames.DIRECTOR_MAC, 0x0A00_0001, i);
            sink += Encapsulation.ipipV4(buffer, f.l3Offset(), 0xC0A8_0A01, 0xC0A8_0A02, i, true);
        }
        return sink;
    }
}
