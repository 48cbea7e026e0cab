package org.jvs.ldirectord.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The mysql negotiate check, as DBI/DBD::mysql runs it for ldirectord: log in as {@code login} with
 * {@code passwd} into {@code database}, run the request (an SQL SELECT, leading '/' removed) and
 * count the rows; up iff there is at least one. Speaks the client/server protocol 4.1 with the
 * mysql_native_password and caching_sha2_password (fast path) methods; no TLS. Rows are counted,
 * not kept. Bounded by negotiatetimeout. Stateless.
 */
final class MysqlCheck implements Check {
    private static final int CLIENT_LONG_PASSWORD = 0x1;
    private static final int CLIENT_LONG_FLAG = 0x4;
    private static final int CLIENT_CONNECT_WITH_DB = 0x8;
    private static final int CLIENT_PROTOCOL_41 = 0x200;
    private static final int CLIENT_TRANSACTIONS = 0x2000;
    private static final int CLIENT_SECURE_CONNECTION = 0x8000;
    private static final int CLIENT_PLUGIN_AUTH = 0x80000;
    private static final String NATIVE = "mysql_native_password";
    private static final String CACHING_SHA2 = "caching_sha2_password";
    private static final int MAX_PACKET = 1 << 24;

    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        CheckResult refused = SqlLogin.refuse(t);
        if (refused != null) {
            return refused;
        }
        try (Connection c = Connection.open(t.inet(), t.checkPort(), t.negotiateDeadline())) {
            Packets p = new Packets(c);
            byte[] hello = p.read();
            if ((hello[0] & 0xFF) == 0xFF) {
                return CheckResult.down(CheckResult.NO_MESSAGE);
            }
            Handshake h = Handshake.parse(hello);
            String plugin = h.plugin.equals(CACHING_SHA2) ? CACHING_SHA2 : NATIVE;
            p.write(response(t, plugin, scramble(plugin, t.check().passwd(), h.salt)));
            if (!authenticated(p, t.check().passwd())) {
                return CheckResult.down(CheckResult.NO_MESSAGE);
            }
            p.reset();
            p.write(concat(new byte[] {0x03}, t.bareRequest().getBytes(StandardCharsets.UTF_8)));
            long rows = rows(p);
            p.reset();
            p.write(new byte[] {0x01});
            return rows > 0 ? CheckResult.up(CheckResult.NO_MESSAGE) : CheckResult.down(CheckResult.NO_MESSAGE);
        }
    }

    private static boolean authenticated(Packets p, String password) throws IOException {
        while (true) {
            byte[] r = p.read();
            int head = r[0] & 0xFF;
            if (head == 0x00) {
                return true;
            }
            if (head == 0xFF) {
                return false;
            }
            if (head == 0xFE) {
                int nul = indexOf(r, 1);
                String plugin = new String(r, 1, nul - 1, StandardCharsets.US_ASCII);
                byte[] salt = Arrays.copyOfRange(r, nul + 1, r.length);
                if (salt.length > 0 && salt[salt.length - 1] == 0) {
                    salt = Arrays.copyOf(salt, salt.length - 1);
                }
                if (!plugin.equals(NATIVE) && !plugin.equals(CACHING_SHA2)) {
                    return false;
                }
                p.write(scramble(plugin, password, salt));
            } else if (head == 0x01 && r.length >= 2 && r[1] == 0x03) {
                continue;
            } else {
                // caching_sha2 full authentication needs TLS or the server's RSA key: not offered.
                return false;
            }
        }
    }

    private static long rows(Packets p) throws IOException {
        byte[] first = p.read();
        int head = first[0] & 0xFF;
        if (head == 0x00 || head == 0xFF) {
            return 0;
        }
        long columns = lengthEncoded(first);
        for (long i = 0; i < columns; i++) {
            p.read();
        }
        byte[] eof = p.read();
        if (!isEof(eof)) {
            throw new IOException("expected the end of the column definitions");
        }
        long rows = 0;
        while (true) {
            byte[] row = p.read();
            if (isEof(row)) {
                return rows;
            }
            if ((row[0] & 0xFF) == 0xFF) {
                return 0;
            }
            rows++;
        }
    }

    private static boolean isEof(byte[] packet) {
        return (packet[0] & 0xFF) == 0xFE && packet.length < 9;
    }

    private static long lengthEncoded(byte[] b) throws IOException {
        int first = b[0] & 0xFF;
        if (first < 0xFB) {
            return first;
        }
        int n = switch (first) {
            case 0xFC -> 2;
            case 0xFD -> 3;
            case 0xFE -> 8;
            default -> throw new IOException("bad length-encoded integer");
        };
        long v = 0;
        for (int i = n; i >= 1; i--) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    private static byte[] response(CheckTarget t, String plugin, byte[] auth) {
        boolean db = !t.check().database().isEmpty();
        int caps = CLIENT_LONG_PASSWORD | CLIENT_LONG_FLAG | CLIENT_PROTOCOL_41 | CLIENT_TRANSACTIONS
                | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH | (db ? CLIENT_CONNECT_WITH_DB : 0);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(le32(caps));
        b.writeBytes(le32(MAX_PACKET));
        b.write(45);
        b.writeBytes(new byte[23]);
        b.writeBytes(t.check().login().getBytes(StandardCharsets.UTF_8));
        b.write(0);
        b.write(auth.length);
        b.writeBytes(auth);
        if (db) {
            b.writeBytes(t.check().database().getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        b.writeBytes(plugin.getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        return b.toByteArray();
    }

    /** The auth response: empty for an empty password, else the method's scramble. */
    static byte[] scramble(String plugin, String password, byte[] salt) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        if (plugin.equals(CACHING_SHA2)) {
            byte[] h1 = Digests.digest("SHA-256", pw);
            byte[] h2 = Digests.digest("SHA-256", h1);
            return xor(h1, Digests.digest("SHA-256", h2, salt));
        }
        byte[] h1 = Digests.digest("SHA-1", pw);
        byte[] h2 = Digests.digest("SHA-1", h1);
        return xor(h1, Digests.digest("SHA-1", salt, h2));
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] b, int from) throws IOException {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        throw new IOException("unterminated string");
    }

    /** The server's Handshake v10: the salt (20 bytes) and the announced auth method. */
    private record Handshake(byte[] salt, String plugin) {
        static Handshake parse(byte[] b) throws IOException {
            if (b[0] != 10) {
                throw new IOException("unsupported MySQL protocol version " + b[0]);
            }
            int pos = indexOf(b, 1) + 1 + 4;
            if (pos + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10 > b.length) {
                throw new IOException("short handshake");
            }
            byte[] part1 = Arrays.copyOfRange(b, pos, pos + 8);
            pos += 8 + 1 + 2 + 1 + 2 + 2;
            int saltLength = b[pos] & 0xFF;
            pos += 1 + 10;
            int part2Length = Math.max(13, saltLength - 8);
            if (pos + part2Length > b.length) {
                throw new IOException("short handshake");
            }
            byte[] part2 = Arrays.copyOfRange(b, pos, pos + part2Length - 1);
            pos += part2Length;
            String plugin = pos < b.length ? new String(b, pos, indexOf(b, pos) - pos, StandardCharsets.US_ASCII) : NATIVE;
            return new Handshake(concat(part1, part2), plugin);
        }
    }

    /** MySQL packet framing: 3-byte length, sequence number, payload. */
    private static final class Packets {
        private final Connection c;
        private int sequence;

        Packets(Connection c) {
            this.c = c;
        }

        byte[] read() throws IOException {
            byte[] head = c.readExactly(4);
            int len = (head[0] & 0xFF) | (head[1] & 0xFF) << 8 | (head[2] & 0xFF) << 16;
            sequence = (head[3] & 0xFF) + 1;
            if (len == 0 || len > HttpCheck.MAX_BODY) {
                throw new IOException("bad packet length " + len);
            }
            return c.readExactly(len);
        }

        void write(byte[] payload) throws IOException {
            byte[] head = {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16), (byte) sequence};
            sequence++;
            c.write(concat(head, payload));
        }

        /** A new command starts a new sequence. */
        void reset() {
            sequence = 0;
        }
    }
}
