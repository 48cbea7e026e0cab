package org.jvs.heartbeat.wire;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Heartbeat's netstring format ({@code msgfmt netstring}, and what Debian's heartbeat 3.0.6 with
 * cluster-glue 1.0.12 sends in every case): {@code ###\n}, one netstring
 * {@code LEN:(type)name=value,} per field, {@code %%%\n}, then the netstring {@code LEN:keyid digest,}
 * whose digest covers every byte from {@code ###} through {@code %%%\n}. Values are raw bytes.
 * Stateless.
 */
final class NetstringFormat {
    static final String START = "###\n";
    static final String END = "%%%\n";
    /** No heartbeat field is near this long; refusing longer ones bounds allocations. */
    private static final int MAX_FIELD_LENGTH = 65536;

    private NetstringFormat() {
    }

    /** The payload from {@code ###} through {@code %%%\n}, without the trailing authentication. */
    static byte[] encodePayload(Message m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        ByteText.ascii(out, START);
        for (Field f : m.fields()) {
            String head = "(" + f.type() + ")" + f.name() + "=";
            ByteText.ascii(out, (head.length() + f.rawBytes().length) + ":" + head);
            out.writeBytes(f.rawBytes());
            out.write(',');
        }
        ByteText.ascii(out, END);
        return out.toByteArray();
    }

    /** The trailing authentication netstring. */
    static byte[] encodeAuth(String authString) {
        return (authString.length() + ":" + authString + ",").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** A parsed netstring datagram: the message, where its payload ends, and the auth string (or null). */
    record Parsed(Message message, int payloadEnd, String auth) {
    }

    /** Parses a datagram known to start with {@code ###}. */
    static Parsed decode(byte[] buf, int off, int end, int maxFields) throws Malformed {
        int pos = off + START.length();
        List<Field> fields = new ArrayList<>();
        while (!ByteText.startsWith(buf, pos, end, END)) {
            int[] span = netstring(buf, pos, end);
            if (fields.size() >= maxFields) {
                throw new Malformed(Decoded.Reason.TOO_MANY_FIELDS, "more than " + maxFields + " fields");
            }
            FieldName.Typed typed = FieldName.parse(buf, span[0], span[1], true);
            if (typed.type() < 0) {
                throw new Malformed(Decoded.Reason.MALFORMED, "netstring field without (type)");
            }
            if (typed.type() != Field.STRING && typed.type() != Field.BINARY) {
                throw new Malformed(Decoded.Reason.UNSUPPORTED_FIELD_TYPE, "field type " + typed.type());
            }
            int eq = ByteText.indexOf(buf, typed.nameStart(), span[1], (byte) '=');
            if (eq <= typed.nameStart()) {
                throw new Malformed(Decoded.Reason.MALFORMED, "netstring field without name=value");
            }
            byte[] value = java.util.Arrays.copyOfRange(buf, eq + 1, span[1]);
            fields.add(Field.of(ByteText.latin1(buf, typed.nameStart(), eq), typed.type(), value));
            pos = span[1] + 1;
        }
        int payloadEnd = pos + END.length();
        String auth = null;
        if (payloadEnd < end && buf[payloadEnd] != 0) {
            int[] span = netstring(buf, payloadEnd, end);
            auth = ByteText.latin1(buf, span[0], span[1]);
        }
        return new Parsed(Message.of(fields), payloadEnd, auth);
    }

    /** One {@code LEN:data,} at {@code pos}: the data span {start, end}. */
    private static int[] netstring(byte[] buf, int pos, int end) throws Malformed {
        long len = 0;
        int p = pos;
        while (p < end && buf[p] >= '0' && buf[p] <= '9') {
            len = len * 10 + (buf[p] - '0');
            if (len > MAX_FIELD_LENGTH) {
                throw new Malformed(Decoded.Reason.MALFORMED, "netstring too long");
            }
            p++;
        }
        if (p == pos || p >= end || buf[p] != ':') {
            throw new Malformed(Decoded.Reason.MALFORMED, "truncated or bad netstring length");
        }
        int start = p + 1;
        int stop = start + (int) len;
        if (stop >= end || buf[stop] != ',') {
            throw new Malformed(Decoded.Reason.MALFORMED, "truncated netstring");
        }
        return new int[] {start, stop};
    }
}
