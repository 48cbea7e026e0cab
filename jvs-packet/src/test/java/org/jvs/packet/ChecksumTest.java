package org.jvs.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.packet.TestFrames.hex;

import java.lang.foreign.MemorySegment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ChecksumTest {

    @Test
    void sumsTheRfc1071ExampleToDdf2() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (checksum 220d).
        MemorySegment s = MemorySegment.ofArray(hex("0001f203f4f5f6f7"));
        assertThat(Checksum.sum(s, 0, 8, 0)).isEqualTo(0xDDF2);
        assertThat(Checksum.compute(s, 0, 8)).isEqualTo(0x220D);
    }

    @Test
    void oddLengthPadsTheLastByteOnTheRight() {
        MemorySegment s = MemorySegment.ofArray(hex("0001f203f4f5f6f7ab"));
        assertThat(Checksum.sum(s, 0, 9, 0)).isEqualTo(Checksum.fold(0xDDF2 + 0xAB00));
    }

    @Test
    void computesTheChecksumOfAKnownIpv4Header() {
        // A header whose checksum field holds b861; with the field zeroed the checksum is b861 again.
        byte[] header = hex("450000730000400040110000c0a80001c0a800c7");
        assertThat(Checksum.compute(MemorySegment.ofArray(header), 0, 20)).isEqualTo(0xB861);
        TestFrames.put16(header, 10, 0xB861);
        assertThat(Checksum.sum(MemorySegment.ofArray(header), 0, 20, 0)).isEqualTo(Checksum.VALID_SUM);
    }

    @Test
    void sumAtAnOffsetIgnoresBytesOutsideTheRange() {
        byte[] b = hex("ffff" + "0001f203f4f5f6f7" + "ffff");
        assertThat(Checksum.sum(MemorySegment.ofArray(b), 2, 8, 0)).isEqualTo(0xDDF2);
    }

    @Test
    void pseudoHeaderOfTheKernelsUdpDatagramVerifiesItsChecksum() {
        // UDP 172.25.254.1:5353 -> 172.25.254.2:53 as sent by Linux 6.18 (checksum 2f90 in the frame).
        byte[] frame = hex(KernelFrames.UDP_DATAGRAM);
        MemorySegment s = MemorySegment.ofArray(frame);
        int pseudo = Checksum.pseudoHeaderV4(TestFrames.ip4("172.25.254.1"), TestFrames.ip4("172.25.254.2"),
                IpProtocol.UDP, 24);
        assertThat(Checksum.sum(s, 34, 24, pseudo)).isEqualTo(Checksum.VALID_SUM);
    }

    @Property(tries = 2000)
    void update16MatchesFullRecomputation(@ForAll("words") byte[] data, @ForAll int wordIndex, @ForAll int newValue) {
        int at = Math.floorMod(wordIndex, data.length / 2) * 2;
        int value = newValue & 0xFFFF;
        int before = TestFrames.naiveChecksum(data, 0, data.length, 0);
        int old = TestFrames.get16(data, at);
        TestFrames.put16(data, at, value);
        Assume.that(!allZero(data));
        assertThat(Checksum.update16(before, old, value)).isEqualTo(TestFrames.naiveChecksum(data, 0, data.length, 0));
    }

    @Property(tries = 2000)
    void update32MatchesFullRecomputation(@ForAll("words") byte[] data, @ForAll int wordIndex, @ForAll int newValue) {
        int at = Math.floorMod(wordIndex, data.length / 4) * 4;
        int before = TestFrames.naiveChecksum(data, 0, data.length, 0);
        int old = (TestFrames.get16(data, at) << 16) | TestFrames.get16(data, at + 2);
        TestFrames.put16(data, at, newValue >>> 16);
        TestFrames.put16(data, at + 2, newValue & 0xFFFF);
        Assume.that(!allZero(data));
        assertThat(Checksum.update32(before, old, newValue))
                .isEqualTo(TestFrames.naiveChecksum(data, 0, data.length, 0));
    }

    @Property(tries = 2000)
    void fastSumEqualsNaiveSumForAnyLengthAndEvenOffset(@ForAll("bytes") byte[] data, @ForAll int start) {
        int from = Math.floorMod(start, data.length + 1) & ~1;
        int length = data.length - from;
        assertThat(Checksum.sum(MemorySegment.ofArray(data), from, length, 0))
                .isEqualTo(TestFrames.naiveSum(data, from, length, 0));
    }

    /**
     * All-zero data is the one case where a full computation gives 0xFFFF and RFC 1624 gives 0x0000:
     * both are one's-complement zero, and no real header is all zeros.
     */
    private static boolean allZero(byte[] data) {
        for (byte b : data) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Provide
    Arbitrary<byte[]> words() {
        // Multiples of four bytes, starting nonzero.
        return Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMinSize(4).ofMaxSize(200),
                Arbitraries.integers().between(1, 255)).as((b, nz) -> {
                    byte[] r = java.util.Arrays.copyOf(b, b.length & ~3);
                    r[0] = (byte) nz.intValue();
                    return r;
                });
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300);
    }
}
