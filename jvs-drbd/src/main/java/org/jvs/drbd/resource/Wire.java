package org.jvs.drbd.resource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Small payload builders and readers for the replication packets. Stateless; thread-safe. */
final class Wire {
    private Wire() {
    }

    /** A payload of the given longs and ints (big-endian), in order. */
    static ByteBuffer longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length);
        for (long v : values) {
            b.putLong(v);
        }
        return b.flip();
    }

    /** sector u64, block id u64, size u32, seq u32: DRBD's p_block_ack layout. */
    static ByteBuffer blockAck(long sector, long blockId, int size, int seq) {
        return ByteBuffer.allocate(24).putLong(sector).putLong(blockId).putInt(size).putInt(seq).flip();
    }

    /** A length-prefixed UTF-8 string. */
    static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) bytes.length).put(bytes);
    }

    /** Reads a length-prefixed UTF-8 string. */
    static String getString(ByteBuffer b) {
        byte[] bytes = new byte[b.getShort() & 0xffff];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
