package org.jvs.ipvs.sched;

/**
 * A textbook SipHash-c-d over any byte string (Aumasson and Bernstein, 2012), written from the
 * specification for tests only: it checks {@link KernelHash#hsiphash} against the published vectors.
 */
final class ReferenceSipHash {
    private long v0;
    private long v1;
    private long v2;
    private long v3;

    private ReferenceSipHash() {
    }

    static long hash(int compressionRounds, int finalizationRounds, long k0, long k1, byte[] message) {
        ReferenceSipHash s = new ReferenceSipHash();
        s.v0 = k0 ^ 0x736f6d6570736575L;
        s.v1 = k1 ^ 0x646f72616e646f6dL;
        s.v2 = k0 ^ 0x6c7967656e657261L;
        s.v3 = k1 ^ 0x7465646279746573L;
        int n = message.length;
        int whole = n - n % 8;
        for (int off = 0; off < whole; off += 8) {
            s.absorb(littleEndian(message, off, 8), compressionRounds);
        }
        long last = ((long) (n & 0xFF) << 56) | littleEndian(message, whole, n - whole);
        s.absorb(last, compressionRounds);
        s.v2 ^= 0xFF;
        for (int i = 0; i < finalizationRounds; i++) {
            s.round();
        }
        return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
    }

    private void absorb(long m, int rounds) {
        v3 ^= m;
        for (int i = 0; i < rounds; i++) {
            round();
        }
        v0 ^= m;
    }

    private void round() {
        v0 += v1;
        v2 += v3;
        v1 = Long.rotateLeft(v1, 13) ^ v0;
        v3 = Long.rotateLeft(v3, 16) ^ v2;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v1;
        v0 += v3;
        v1 = Long.rotateLeft(v1, 17) ^ v2;
        v3 = Long.rotateLeft(v3, 21) ^ v0;
        v2 = Long.rotateLeft(v2, 32);
    }

    private static long littleEndian(byte[] b, int off, int len) {
        long v = 0;
        for (int i = len - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }
}
