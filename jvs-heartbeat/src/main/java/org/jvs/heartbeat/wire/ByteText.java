package org.jvs.heartbeat.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Small helpers for the byte-oriented text of heartbeat messages. Stateless. */
final class ByteText {
    private ByteText() {
    }

    static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    static boolean startsWith(byte[] buf, int pos, int end, String prefix) {
        if (end - pos < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (buf[pos + i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] buf, int from, int end, byte b) {
        for (int i = from; i < end; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static String latin1(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
