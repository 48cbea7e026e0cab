package org.jvs.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Network-byte-order (big-endian) reads and writes at absolute segment offsets. Unsigned values come
 * back in a wider Java type; MAC addresses travel as the low 48 bits of a long. Stateless.
 */
final class Bytes {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    static int u8(MemorySegment s, long offset) {
        return s.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    static int u16(MemorySegment s, long offset) {
        return s.get(U16, offset) & 0xFFFF;
    }

    /** Four bytes as an int (the unsigned value's bit pattern). */
    static int i32(MemorySegment s, long offset) {
        return s.get(U32, offset);
    }

    static long i64(MemorySegment s, long offset) {
        return s.get(U64, offset);
    }

    static void put8(MemorySegment s, long offset, int value) {
        s.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
    }

    static void put16(MemorySegment s, long offset, int value) {
        s.set(U16, offset, (short) value);
    }

    static void put32(MemorySegment s, long offset, int value) {
        s.set(U32, offset, value);
    }

    static void put64(MemorySegment s, long offset, long value) {
        s.set(U64, offset, value);
    }

    static long mac(MemorySegment s, long offset) {
        return ((long) u16(s, offset) << 32) | (i32(s, offset + 2) & 0xFFFF_FFFFL);
    }

    static void putMac(MemorySegment s, long offset, long mac) {
        put16(s, offset, (int) (mac >>> 32));
        put32(s, offset + 2, (int) mac);
    }
}
