package org.jvs.ipvs.sched;

import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;

/**
 * The kernel hash functions the hashing schedulers depend on, so that a jvs director maps a client
 * to the same bucket or Maglev slot as a Linux director with the same real servers:
 * {@code hash_32} of include/linux/hash.h and {@code hsiphash} of lib/siphash.c as built on
 * 64-bit machines (SipHash-1-3 with 64-bit key words, output truncated to 32 bits). All values
 * are host-order 32-bit words held in Java ints. Stateless and thread-safe.
 */
final class KernelHash {
    /** GOLDEN_RATIO_32 of include/linux/hash.h. */
    private static final int GOLDEN_RATIO_32 = 0x61C88647;

    private KernelHash() {
    }

    /** {@code hash_32(value, bits)}: the top {@code bits} bits of value × GOLDEN_RATIO_32 (bits 1..32). */
    static int hash32(int value, int bits) {
        return (value * GOLDEN_RATIO_32) >>> (32 - bits);
    }

    /**
     * {@code hsiphash(&value, 4, key)} on a 64-bit little-endian kernel: SipHash-1-3 over the four
     * bytes of {@code value}, keyed by {@code k0, k1}, truncated to its low 32 bits.
     */
    static int hsiphash(int value, long k0, long k1) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        // A message shorter than one word is only the final block: length in the top byte.
        long b = (4L << 56) | (value & 0xFFFF_FFFFL);
        v3 ^= b;
        // One compression round over the block, then three finalisation rounds.
        for (int round = 0; round < 4; round++) {
            if (round == 1) {
                v0 ^= b;
                v2 ^= 0xff;
            }
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return (int) (v0 ^ v1 ^ v2 ^ v3);
    }

    /**
     * The kernel's address fold as the schedulers compute it with the <em>service's</em> family:
     * an IPv4 service reads only the first 32-bit word of the address (an IPv6 tunnel real server
     * in an IPv4 service folds to its first word), an IPv6 service XORs the four words (an IPv4
     * address, zero-padded in nf_inet_addr, folds to itself).
     */
    static int fold(AddressFamily serviceFamily, IpAddress address) {
        if (serviceFamily == AddressFamily.INET && !address.isV4()) {
            return (int) (address.hi() >>> 32);
        }
        return address.fold();
    }
}
