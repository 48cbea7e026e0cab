package org.jvs.ldirectord.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jvs.ipvs.IpAddress;
import org.jvs.ldirectord.config.VirtualProtocol;

/**
 * The dns negotiate check, as ldirectord's Net::DNS search against the real server: the request
 * (leading '/' removed) is looked up as an A record, or as a PTR when it is an address; over udp,
 * over tcp when the virtual is tcp or the udp answer is truncated. Up iff some A answer's address or
 * PTR answer's name matches receive — so an empty receive is always down, as in ldirectord. Bounded
 * by negotiatetimeout. Thread-safe.
 */
final class DnsCheck implements Check {
    private static final int TYPE_A = 1;
    private static final int TYPE_PTR = 12;
    private static final int MAX_POINTERS = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        Deadline deadline = t.negotiateDeadline();
        String name = t.bareRequest();
        IpAddress literal = IpAddress.parseNumeric(name);
        int type = literal != null ? TYPE_PTR : TYPE_A;
        String qname = literal != null ? reverseName(literal) : name;
        int id = RANDOM.nextInt(0x10000);
        byte[] query = query(id, qname, type);
        byte[] answer = null;
        if (t.protocol() != VirtualProtocol.TCP) {
            try (Udp u = Udp.connect(t.inet(), t.checkPort(), deadline)) {
                u.send(query);
                do {
                    answer = u.receive();
                } while (answer.length < 12 || id(answer) != id);
            }
        }
        if (answer == null || (answer[2] & 0x02) != 0) {
            answer = overTcp(t, query, id, deadline);
        }
        List<String> values = answers(answer);
        if (values.isEmpty()) {
            return CheckResult.down("Connection timed out");
        }
        if (!t.receive().isEmpty()) {
            for (String v : values) {
                if (t.receivePattern().matcher(v).find()) {
                    return CheckResult.up("Success");
                }
            }
        }
        return CheckResult.down("Response mismatch");
    }

    private static byte[] overTcp(CheckTarget t, byte[] query, int id, Deadline deadline) throws IOException {
        try (Connection c = Connection.open(t.inet(), t.checkPort(), deadline)) {
            c.write(ByteBuffer.allocate(2 + query.length).putShort((short) query.length).put(query).array());
            byte[] len = c.readExactly(2);
            byte[] answer = c.readExactly(((len[0] & 0xFF) << 8) | (len[1] & 0xFF));
            if (answer.length < 12 || id(answer) != id) {
                throw new IOException("answer does not match the query");
            }
            return answer;
        }
    }

    private static int id(byte[] m) {
        return ((m[0] & 0xFF) << 8) | (m[1] & 0xFF);
    }

    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            if (label.isEmpty()) {
                continue;
            }
            byte[] l = label.getBytes(StandardCharsets.UTF_8);
            b.write(Math.min(l.length, 63));
            b.write(l, 0, Math.min(l.length, 63));
        }
        b.write(0);
        b.writeBytes(new byte[] {0, (byte) type, 0, 1});
        return b.toByteArray();
    }

    /** A and PTR answers as text: dotted quads and names without the final dot. */
    static List<String> answers(byte[] m) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(m);
        if (m.length < 12 || (m[3] & 0x0F) != 0) {
            return List.of();
        }
        int qd = Short.toUnsignedInt(b.getShort(4));
        int an = Short.toUnsignedInt(b.getShort(6));
        b.position(12);
        for (int i = 0; i < qd; i++) {
            name(m, b);
            skip(b, 4);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < an; i++) {
            name(m, b);
            skip(b, 10);
            int type = Short.toUnsignedInt(b.getShort(b.position() - 10));
            int length = Short.toUnsignedInt(b.getShort(b.position() - 2));
            int start = b.position();
            skip(b, length);
            if (type == TYPE_A && length == 4) {
                out.add(IpAddress.ofBytes(Arrays.copyOfRange(m, start, start + 4)).toString());
            } else if (type == TYPE_PTR) {
                out.add(name(m, ByteBuffer.wrap(m).position(start)));
            }
        }
        return out;
    }

    private static String name(byte[] m, ByteBuffer b) throws IOException {
        StringBuilder name = new StringBuilder();
        int pos = b.position();
        int end = -1;
        for (int hops = 0; hops < MAX_POINTERS; ) {
            if (pos >= m.length) {
                throw new IOException("truncated name");
            }
            int len = m[pos] & 0xFF;
            if (len == 0) {
                b.position(end >= 0 ? end : pos + 1);
                return name.toString();
            }
            if ((len & 0xC0) == 0xC0) {
                if (pos + 1 >= m.length) {
                    throw new IOException("truncated pointer");
                }
                if (end < 0) {
                    end = pos + 2;
                }
                pos = ((len & 0x3F) << 8) | (m[pos + 1] & 0xFF);
                hops++;
                continue;
            }
            if (pos + 1 + len > m.length) {
                throw new IOException("truncated label");
            }
            name.append(name.isEmpty() ? "" : ".").append(new String(m, pos + 1, len, StandardCharsets.ISO_8859_1));
            pos += 1 + len;
        }
        throw new IOException("name compression loop");
    }

    private static void skip(ByteBuffer b, int n) throws IOException {
        if (b.remaining() < n) {
            throw new IOException("truncated message");
        }
        b.position(b.position() + n);
    }

    private static String reverseName(IpAddress a) {
        byte[] bytes = a.toBytes();
        StringBuilder s = new StringBuilder();
        if (a.isV4()) {
            for (int i = 3; i >= 0; i--) {
                s.append(bytes[i] & 0xFF).append('.');
            }
            return s.append("in-addr.arpa").toString();
        }
        for (int i = 15; i >= 0; i--) {
            s.append(Character.forDigit(bytes[i] & 0xF, 16)).append('.').append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append('.');
        }
        return s.append("ip6.arpa").toString();
    }
}
