package org.jvs.ldirectord.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The little BER (X.690) the LDAP check needs: definite-length TLVs written into a buffer and read
 * back from a byte array, with lengths bounded by the data present. Not thread-safe.
 */
final class Ber {
    private Ber() {
    }

    /** A TLV with the given tag around {@code content}. */
    static byte[] tlv(int tag, byte[]... content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : content) {
            body.writeBytes(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = body.size();
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x84);
            out.write(n >>> 24);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    static byte[] integer(int tag, int value) {
        if (value >= 0 && value < 0x80) {
            return tlv(tag, new byte[] {(byte) value});
        }
        return tlv(tag, new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value});
    }

    static byte[] string(int tag, String value) {
        return tlv(tag, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A reader over one encoded element's bytes. */
    static final class Reader {
        private final byte[] data;
        private int pos;
        private final int end;

        Reader(byte[] data) {
            this(data, 0, data.length);
        }

        private Reader(byte[] data, int pos, int end) {
            this.data = data;
            this.pos = pos;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        /** The tag of the next element, without consuming it. */
        int peekTag() throws IOException {
            need(1);
            return data[pos] & 0xFF;
        }

        /** The next element's content as a reader; checks its tag. */
        Reader enter(int tag) throws IOException {
            int[] bounds = element(tag);
            return new Reader(data, bounds[0], bounds[1]);
        }

        /** The next element's content bytes. */
        byte[] bytes(int tag) throws IOException {
            int[] bounds = element(tag);
            byte[] out = new byte[bounds[1] - bounds[0]];
            System.arraycopy(data, bounds[0], out, 0, out.length);
            return out;
        }

        int integer(int tag) throws IOException {
            int v = 0;
            for (byte b : bytes(tag)) {
                v = (v << 8) | (b & 0xFF);
            }
            return v;
        }

        String string(int tag) throws IOException {
            return new String(bytes(tag), StandardCharsets.UTF_8);
        }

        void skip() throws IOException {
            element(peekTag());
        }

        private int[] element(int tag) throws IOException {
            need(2);
            int t = data[pos++] & 0xFF;
            if (t != tag) {
                throw new IOException("unexpected BER tag 0x" + Integer.toHexString(t));
            }
            int len = data[pos++] & 0xFF;
            if (len >= 0x80) {
                int bytes = len & 0x7F;
                if (bytes == 0 || bytes > 4) {
                    throw new IOException("unsupported BER length");
                }
                need(bytes);
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (data[pos++] & 0xFF);
                }
            }
            if (len < 0 || len > end - pos) {
                throw new IOException("BER length beyond the data");
            }
            int start = pos;
            pos += len;
            return new int[] {start, pos};
        }

        private void need(int n) throws IOException {
            if (end - pos < n) {
                throw new IOException("truncated BER");
            }
        }
    }
}
