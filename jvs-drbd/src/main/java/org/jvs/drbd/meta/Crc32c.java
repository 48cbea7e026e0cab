package org.jvs.drbd.meta;

/**
 * The CRC-32C (Castagnoli) as the Linux kernel's {@code crc32c(seed, data, len)} computes it: the
 * reflected polynomial 0x82F63B78 with the seed as the initial value and no final inversion. DRBD's
 * activity log transactions carry {@code crc32c(0, block)}, which differs from
 * {@link java.util.zip.CRC32C} (initial value and final XOR of all ones). Stateless; thread-safe.
 */
public final class Crc32c {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0x82F63B78 : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc32c() {
    }

    /** The kernel-style CRC-32C of {@code data[off, off+len)} continuing from {@code seed}. */
    public static int update(int seed, byte[] data, int off, int len) {
        int c = seed;
        for (int i = off; i < off + len; i++) {
            c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
        }
        return c;
    }
}
