package org.jvs.ldirectord.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The pgsql negotiate check, as DBI/DBD::Pg runs it for ldirectord: start up as {@code login} on
 * {@code database}, authenticate (trust, cleartext, md5 or SCRAM-SHA-256), run the request (leading
 * '/' removed) as a simple query and count the data rows; up iff at least one. Protocol 3.0 without
 * TLS. Bounded by negotiatetimeout. Thread-safe.
 */
final class PgsqlCheck implements Check {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        CheckResult refused = SqlLogin.refuse(t);
        if (refused != null) {
            return refused;
        }
        try (Connection c = Connection.open(t.inet(), t.checkPort(), t.negotiateDeadline())) {
            ByteArrayOutputStream startup = new ByteArrayOutputStream();
            startup.writeBytes(ByteBuffer.allocate(4).putInt(196608).array());
            cstrings(startup, "user", t.check().login(), "database", t.check().database());
            startup.write(0);
            byte[] body = startup.toByteArray();
            c.write(ByteBuffer.allocate(4 + body.length).putInt(4 + body.length).put(body).array());
            if (!authenticate(c, t.check().login(), t.check().passwd())) {
                return CheckResult.down(CheckResult.NO_MESSAGE);
            }
            send(c, 'Q', cstring(t.bareRequest()));
            long rows = 0;
            boolean failed = false;
            for (Message m = Message.read(c); m.type != 'Z'; m = Message.read(c)) {
                rows += m.type == 'D' ? 1 : 0;
                failed |= m.type == 'E';
            }
            send(c, 'X', new byte[0]);
            return rows > 0 && !failed ? CheckResult.up(CheckResult.NO_MESSAGE) : CheckResult.down(CheckResult.NO_MESSAGE);
        }
    }

    private static boolean authenticate(Connection c, String user, String password) throws IOException {
        Scram scram = null;
        while (true) {
            Message m = Message.read(c);
            switch (m.type) {
                case 'E' -> {
                    return false;
                }
                case 'Z' -> {
                    return true;
                }
                case 'R' -> {
                    ByteBuffer b = ByteBuffer.wrap(m.body);
                    int kind = b.getInt();
                    switch (kind) {
                        case 0 -> {
                        }
                        case 3 -> send(c, 'p', cstring(password));
                        case 5 -> {
                            byte[] salt = new byte[4];
                            b.get(salt);
                            String inner = Digests.md5Hex(password + user);
                            byte[] outer = Digests.digest("MD5", inner.getBytes(StandardCharsets.US_ASCII), salt);
                            send(c, 'p', cstring("md5" + HexFormat.of().formatHex(outer)));
                        }
                        case 10 -> {
                            if (!new String(m.body, StandardCharsets.UTF_8).contains("SCRAM-SHA-256")) {
                                return false;
                            }
                            scram = new Scram(password);
                            byte[] first = scram.clientFirst().getBytes(StandardCharsets.UTF_8);
                            ByteArrayOutputStream p = new ByteArrayOutputStream();
                            p.writeBytes(cstring("SCRAM-SHA-256"));
                            p.writeBytes(ByteBuffer.allocate(4).putInt(first.length).array());
                            p.writeBytes(first);
                            send(c, 'p', p.toByteArray());
                        }
                        case 11 -> {
                            if (scram == null) {
                                return false;
                            }
                            String serverFirst = new String(m.body, 4, m.body.length - 4, StandardCharsets.UTF_8);
                            send(c, 'p', scram.clientFinal(serverFirst).getBytes(StandardCharsets.UTF_8));
                        }
                        case 12 -> {
                            String serverFinal = new String(m.body, 4, m.body.length - 4, StandardCharsets.UTF_8);
                            if (scram == null || !scram.verify(serverFinal)) {
                                return false;
                            }
                        }
                        default -> {
                            return false;
                        }
                    }
                }
                default -> {
                    // ParameterStatus, BackendKeyData, notices: nothing to check.
                }
            }
        }
    }

    private static void send(Connection c, char type, byte[] body) throws IOException {
        c.write(ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array());
    }

    private static byte[] cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    private static void cstrings(ByteArrayOutputStream out, String... s) {
        for (String x : s) {
            out.writeBytes(cstring(x));
        }
    }

    /** One backend message: a type byte and a body of at most 1 MiB. */
    private record Message(char type, byte[] body) {
        static Message read(Connection c) throws IOException {
            byte[] head = c.readExactly(5);
            int len = ByteBuffer.wrap(head, 1, 4).getInt() - 4;
            if (len < 0 || len > HttpCheck.MAX_BODY) {
                throw new IOException("bad message length");
            }
            return new Message((char) head[0], c.readExactly(len));
        }
    }

    /** The client side of SCRAM-SHA-256 (RFC 5802/7677) as PostgreSQL uses it, without channel binding. */
    private static final class Scram {
        private final String password;
        private final String nonce;
        private String clientFirstBare;
        private byte[] serverSignature;

        Scram(String password) {
            byte[] n = new byte[18];
            RANDOM.nextBytes(n);
            this.password = password;
            this.nonce = Base64.getEncoder().encodeToString(n);
        }

        String clientFirst() {
            clientFirstBare = "n=,r=" + nonce;
            return "n,," + clientFirstBare;
        }

        String clientFinal(String serverFirst) throws IOException {
            Map<String, String> f = fields(serverFirst);
            String r = f.get("r");
            if (r == null || !r.startsWith(nonce) || f.get("s") == null || f.get("i") == null) {
                throw new IOException("bad SCRAM server-first message");
            }
            byte[] salted = pbkdf2(password, Base64.getDecoder().decode(f.get("s")), Integer.parseInt(f.get("i")));
            byte[] clientKey = Digests.hmac("HmacSHA256", salted, Digests.utf8("Client Key"));
            byte[] storedKey = Digests.digest("SHA-256", clientKey);
            String withoutProof = "c=biws,r=" + r;
            byte[] auth = Digests.utf8(clientFirstBare + "," + serverFirst + "," + withoutProof);
            byte[] signature = Digests.hmac("HmacSHA256", storedKey, auth);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ signature[i]);
            }
            byte[] serverKey = Digests.hmac("HmacSHA256", salted, Digests.utf8("Server Key"));
            serverSignature = Digests.hmac("HmacSHA256", serverKey, auth);
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        }

        boolean verify(String serverFinal) {
            String v = fields(serverFinal).get("v");
            return v != null && serverSignature != null
                    && java.security.MessageDigest.isEqual(Base64.getDecoder().decode(v), serverSignature);
        }

        private static Map<String, String> fields(String message) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String part : message.split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    m.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            return m;
        }

        private static byte[] pbkdf2(String password, byte[] salt, int iterations) throws IOException {
            try {
                SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
                return f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("SCRAM key derivation failed", e);
            }
        }
    }
}
