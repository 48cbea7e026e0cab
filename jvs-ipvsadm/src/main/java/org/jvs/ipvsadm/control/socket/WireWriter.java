package org.jvs.ipvsadm.control.socket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one frame: reserves the header, appends big-endian fields and refuses to grow past the
 * frame limit, so an encoder can never produce a frame the peer must reject. Not thread-safe.
 */
final class WireWriter {
    private final int maxFrame;
    private byte[] buf = new byte[256];
    private int len = ControlProtocol.HEADER_BYTES;

    /** @param maxFrame the largest length-field value allowed */
    WireWriter(int maxFrame) {
        this.maxFrame = maxFrame;
    }

    void u8(int v) throws ControlProtocolException {
        if (v < 0 || v > 0xFF) {
            throw new ControlProtocolException("value " + v + " does not fit in a byte");
        }
        ensure(1);
        buf[len++] = (byte) v;
    }

    void u16(int v) throws ControlProtocolException {
        if (v < 0 || v > 0xFFFF) {
            throw new ControlProtocolException("value " + v + " does not fit in 16 bits");
        }
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    void i32(int v) throws ControlProtocolException {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[len++] = (byte) (v >>> shift);
        }
    }

    void i64(long v) throws ControlProtocolException {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[len++] = (byte) (v >>> shift);
        }
    }

    void bool(boolean v) throws ControlProtocolException {
        u8(v ? 1 : 0);
    }

    void bytes(byte[] b) throws ControlProtocolException {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** A string with an 8-bit length, at most {@code max} UTF-8 bytes. */
    void str8(String s, int max, String field) throws ControlProtocolException {
        byte[] b = utf8(s, Math.min(max, 255), field);
        u8(b.length);
        bytes(b);
    }

    /** A string with a 16-bit length, at most {@code max} UTF-8 bytes. */
    void str16(String s, int max, String field) throws ControlProtocolException {
        byte[] b = utf8(s, Math.min(max, 0xFFFF), field);
        u16(b.length);
        bytes(b);
    }

    /** A list count, refused above {@code max}. */
    void count(int n, int max, String field) throws ControlProtocolException {
        if (n > max) {
            throw new ControlProtocolException(field + ": " + n + " entries, at most " + max + " allowed");
        }
        i32(n);
    }

    /** Completes the header and returns the frame ready to write. */
    ByteBuffer finish(Opcode opcode) {
        int length = len - 4;
        buf[0] = (byte) (length >>> 24);
        buf[1] = (byte) (length >>> 16);
        buf[2] = (byte) (length >>> 8);
        buf[3] = (byte) length;
        buf[4] = (byte) ControlProtocol.VERSION;
        buf[5] = (byte) opcode.code();
        return ByteBuffer.wrap(buf, 0, len);
    }

    private static byte[] utf8(String s, int max, String field) throws ControlProtocolException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > max) {
            throw new ControlProtocolException(field + " longer than " + max + " bytes");
        }
        return b;
    }

    private void ensure(int n) throws ControlProtocolException {
        if ((long) len + n - 4 > maxFrame) {
            throw new ControlProtocolException("message larger than " + maxFrame + " bytes");
        }
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + n, (int) Math.min(Integer.MAX_VALUE - 8, buf.length * 2L)));
        }
    }
}
