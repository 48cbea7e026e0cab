package org.jvs.ipvsadm.control.socket;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one frame body with a bounds check before every read, so a short or
 * hostile body ends in a {@link ControlProtocolException} and never in another exception or a
 * large allocation. Not thread-safe.
 */
final class WireReader {
    private final ByteBuffer body;

    WireReader(ByteBuffer body) {
        this.body = body;
    }

    int u8() throws ControlProtocolException {
        need(1, "byte");
        return body.get() & 0xFF;
    }

    int u16() throws ControlProtocolException {
        need(2, "u16");
        return body.getShort() & 0xFFFF;
    }

    int i32() throws ControlProtocolException {
        need(4, "i32");
        return body.getInt();
    }

    long i64() throws ControlProtocolException {
        need(8, "i64");
        return body.getLong();
    }

    boolean bool(String field) throws ControlProtocolException {
        int v = u8();
        if (v > 1) {
            throw new ControlProtocolException(field + ": flag byte " + v + " is neither 0 nor 1");
        }
        return v == 1;
    }

    byte[] bytes(int n) throws ControlProtocolException {
        need(n, "bytes");
        byte[] b = new byte[n];
        body.get(b);
        return b;
    }

    String str8(int max, String field) throws ControlProtocolException {
        return string(u8(), max, field);
    }

    String str16(int max, String field) throws ControlProtocolException {
        return string(u16(), max, field);
    }

    /**
     * A list count: at most {@code max}, and no more than the bytes left could hold at
     * {@code minItemBytes} each, so a lying count cannot make the reader allocate.
     */
    int count(int max, int minItemBytes, String field) throws ControlProtocolException {
        int n = i32();
        if (n < 0 || n > max) {
            throw new ControlProtocolException(field + ": count " + Integer.toUnsignedString(n) + " above " + max);
        }
        if ((long) n * minItemBytes > body.remaining()) {
            throw new ControlProtocolException(field + ": count " + n + " exceeds the frame");
        }
        return n;
    }

    /** Fails unless the body has been read completely. */
    void end() throws ControlProtocolException {
        if (body.hasRemaining()) {
            throw new ControlProtocolException(body.remaining() + " unexpected bytes after the message");
        }
    }

    private String string(int n, int max, String field) throws ControlProtocolException {
        if (n > max) {
            throw new ControlProtocolException(field + " longer than " + max + " bytes");
        }
        need(n, field);
        ByteBuffer slice = body.slice(body.position(), n);
        body.position(body.position() + n);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new ControlProtocolException(field + " is not valid UTF-8");
        }
    }

    private void need(int n, String what) throws ControlProtocolException {
        if (n < 0 || body.remaining() < n) {
            throw new ControlProtocolException("truncated message: " + what + " needs " + n
                    + " bytes, " + body.remaining() + " left");
        }
    }
}
