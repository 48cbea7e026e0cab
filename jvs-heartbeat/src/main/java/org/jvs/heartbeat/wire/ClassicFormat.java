package org.jvs.heartbeat.wire;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Heartbeat's classic text format: {@code >>>\n}, one {@code [(type)]name=value\n} line per field,
 * {@code <<<\n}. String values carry newlines as byte 19 ({@code SPECIAL_SYM}); binary values are
 * standard base64. The authentication digest covers the field lines other than {@code auth},
 * without the markers. Stateless.
 */
final class ClassicFormat {
    static final String START = ">>>\n";
    static final String END = "<<<\n";
    private static final byte SPECIAL_SYM = 19;

    private ClassicFormat() {
    }

    /** The whole datagram. */
    static byte[] encode(Message m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        ByteText.ascii(out, START);
        writeFields(out, m, false);
        ByteText.ascii(out, END);
        return out.toByteArray();
    }

    /** The bytes the {@code auth} digest covers ({@code msg2string_buf(..., NOHEAD)}). */
    static byte[] authenticatedText(Message m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        writeFields(out, m, true);
        return out.toByteArray();
    }

    private static void writeFields(ByteArrayOutputStream out, Message m, boolean skipAuth) {
        for (Field f : m.fields()) {
            if (skipAuth && f.name().equals(Message.F_AUTH)) {
                continue;
            }
            if (f.type() != Field.STRING) {
                ByteText.ascii(out, "(" + f.type() + ")");
            }
            ByteText.ascii(out, f.name());
            out.write('=');
            if (f.type() == Field.BINARY) {
                out.writeBytes(Base64.getEncoder().encode(f.rawBytes()));
            } else {
                for (byte b : f.rawBytes()) {
                    out.write(b == '\n' ? SPECIAL_SYM : b);
                }
            }
            out.write('\n');
        }
    }

    /** Parses a datagram known to start with {@code >>>}. */
    static Message decode(byte[] buf, int off, int end, int maxFields) throws Malformed {
        int pos = off + START.length();
        List<Field> fields = new ArrayList<>();
        while (true) {
            while (pos < end && buf[pos] == '\n') {
                pos++;
            }
            if (pos >= end) {
                throw new Malformed(Decoded.Reason.MALFORMED, "truncated: no end marker");
            }
            if (ByteText.startsWith(buf, pos, end, END)) {
                return Message.of(fields);
            }
            int nl = ByteText.indexOf(buf, pos, end, (byte) '\n');
            if (nl < 0) {
                throw new Malformed(Decoded.Reason.MALFORMED, "truncated field line");
            }
            if (ByteText.indexOf(buf, pos, nl, (byte) 0) >= 0) {
                throw new Malformed(Decoded.Reason.MALFORMED, "NUL byte in a field");
            }
            int eq = ByteText.indexOf(buf, pos, nl, (byte) '=');
            FieldName.Typed typed = FieldName.parse(buf, pos, nl, false);
            if (eq < 0 || typed.type() < 0 || eq <= typed.nameStart()) {
                throw new Malformed(Decoded.Reason.MALFORMED, "line without name=value");
            }
            if (typed.type() != Field.STRING && typed.type() != Field.BINARY) {
                throw new Malformed(Decoded.Reason.UNSUPPORTED_FIELD_TYPE, "field type " + typed.type());
            }
            if (fields.size() >= maxFields) {
                throw new Malformed(Decoded.Reason.TOO_MANY_FIELDS, "more than " + maxFields + " fields");
            }
            String name = ByteText.latin1(buf, typed.nameStart(), eq);
            byte[] value;
            if (typed.type() == Field.BINARY) {
                try {
                    value = Base64.getDecoder().decode(ByteText.latin1(buf, eq + 1, nl));
                } catch (IllegalArgumentException e) {
                    throw new Malformed(Decoded.Reason.MALFORMED, "bad base64 in " + name);
                }
            } else {
                value = new byte[nl - eq - 1];
                for (int i = 0; i < value.length; i++) {
                    byte b = buf[eq + 1 + i];
                    value[i] = b == SPECIAL_SYM ? (byte) '\n' : b;
                }
            }
            fields.add(Field.of(name, typed.type(), value));
            pos = nl + 1;
        }
    }
}
