package org.jvs.ipvs.sched;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class KernelHashTest {
    /** The key of the SipHash reference vectors and of the kernel's siphash self-test: bytes 00..0f. */
    private static final long K0 = 0x0706050403020100L;
    private static final long K1 = 0x0f0e0d0c0b0a0908L;

    /** SipHash-2-4 of the bytes 00, 01, ... (n bytes for entry n), from github.com/veorq/SipHash. */
    private static final long[] SIPHASH_2_4 = {
        0x726fdb47dd0e0e31L, 0x74f839c593dc67fdL, 0x0d6c8009d9a94f5aL, 0x85676696d7fb7e2dL,
        0xcf2794e0277187b7L, 0x18765564cd99a68dL, 0xcbc9466e58fee3ceL, 0xab0200f58b01d137L,
        0x93f5f5799a932462L, 0x9e0082df0ba9e4b0L, 0x7a5dbbc594ddb9f3L, 0xf4b32f46226bada7L,
        0x751e8fbc860ee5fbL, 0x14ea5627c0843d90L, 0xf723ca908e7af2eeL, 0xa129ca6149be45e5L,
    };

    /** hsiphash of the same inputs on 64-bit kernels (lib/siphash_kunit.c, BITS_PER_LONG == 64). */
    private static final int[] HSIPHASH_64BIT = {
        0x050fc4dc, 0x7d57ca93, 0x4dc7d44d, 0xe7ddf7fb, 0x88d38328, 0x49533b67, 0xc59f22a7, 0x9bb11140,
        0x8d299a8e, 0x6c063de4, 0x92ff097f, 0xf94dc352, 0x57b4d9a2, 0x1229ffa7, 0xc0f95d34, 0x2a519956,
    };

    @Test
    void hash32TakesTheTopBitsOfTheGoldenRatioProduct() {
        // 0x0A010203 * 0x61C88647 = 0x02AD20D5 (mod 2^32): top byte 0x02.
        assertThat(KernelHash.hash32(0x0A010203, 8)).isEqualTo(2);
        // 0xAC100509 * 0x61C88647 = 0x731C1B7F: top byte 0x73, top 10 bits 0x1CC.
        assertThat(KernelHash.hash32(0xAC100509, 8)).isEqualTo(0x73);
        assertThat(KernelHash.hash32(0xAC100509, 10)).isEqualTo(460);
        assertThat(KernelHash.hash32(1, 32)).isEqualTo(0x61C88647);
    }

    @Test
    void hsiphashMatchesTheKernelSelfTestVectorForFourBytes() {
        // Vector 4 hashes the bytes 00 01 02 03, i.e. the little-endian u32 0x03020100 (hsiphash_1u32).
        assertThat(KernelHash.hsiphash(0x03020100, K0, K1)).isEqualTo(HSIPHASH_64BIT[4]);
    }

    @Test
    void referenceSipHashReproducesThePublishedVectors() {
        for (int n = 0; n < SIPHASH_2_4.length; n++) {
            byte[] msg = counting(n);
            assertThat(ReferenceSipHash.hash(2, 4, K0, K1, msg)).as("SipHash-2-4, %d bytes", n).isEqualTo(SIPHASH_2_4[n]);
            assertThat((int) ReferenceSipHash.hash(1, 3, K0, K1, msg)).as("hsiphash, %d bytes", n)
                    .isEqualTo(HSIPHASH_64BIT[n]);
        }
    }

    @Test
    void hsiphashWithTheMaglevKeysMatchesAnIndependentComputation() {
        // 192.168.0.1 + port 80 under mh's two fixed keys, computed with a Python SipHash-1-3.
        int key = 0xC0A80001 + 80;
        assertThat(KernelHash.hsiphash(key, 2654435761L, 2654435761L)).isEqualTo(0x0a9e6739);
        assertThat(KernelHash.hsiphash(key, 2654446892L, 2654446892L)).isEqualTo(0x491f29f2);
    }

    @Property(tries = 300)
    void hsiphashIsSipHash13OfTheLittleEndianWord(@ForAll int value, @ForAll long k0, @ForAll long k1) {
        byte[] le = {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};

        assertThat(KernelHash.hsiphash(value, k0, k1)).isEqualTo((int) ReferenceSipHash.hash(1, 3, k0, k1, le));
    }

    private static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
