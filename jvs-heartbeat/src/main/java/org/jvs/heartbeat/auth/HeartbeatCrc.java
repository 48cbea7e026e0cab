package org.jvs.heartbeat.auth;

/**
 * The 32-bit CRC of heartbeat's {@code crc} auth plugin: polynomial 0x04C11DB7 processed MSB
 * first, initial value 0, result inverted, no length appended (not the zlib CRC-32). Stateless.
 */
final class HeartbeatCrc {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            }
            TABLE[i] = c;
        }
    }

    private HeartbeatCrc() {
    }

    /** The CRC of {@code data[offset, offset+length)}. */
    static int compute(byte[] data, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ data[i]) & 0xFF];
        }
        return ~crc;
    }
}
