package org.jvs.ldirectord.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.jvs.ldirectord.testing.Targets;
import org.jvs.ldirectord.testing.TcpResponder;
import org.jvs.ldirectord.testing.UdpResponder;

class BinaryProtocolChecksTest {

    // ---- DNS: a responder that answers A queries with 10.9.8.7 and PTR queries with web1.example.org

    static byte[] dnsAnswer(byte[] q) {
        int qEnd = 12;
        while (q[qEnd] != 0) {
            qEnd += (q[qEnd] & 0xFF) + 1;
        }
        qEnd += 5;
        int type = q[qEnd - 3] & 0xFF;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {q[0], q[1], (byte) 0x81, (byte) 0x80, 0, 1, 0, 1, 0, 0, 0, 0});
        b.write(q, 12, qEnd - 12);
        b.writeBytes(new byte[] {(byte) 0xC0, 12, 0, (byte) type, 0, 1, 0, 0, 0, 60});
        if (type == 1) {
            b.writeBytes(new byte[] {0, 4, 10, 9, 8, 7});
        } else {
            byte[] name = {4, 'w', 'e', 'b', '1', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0};
            b.writeBytes(new byte[] {0, (byte) name.length});
            b.writeBytes(name);
        }
        return b.toByteArray();
    }

    @Test
    void dnsOverUdpMatchesAnAddressOrAName() throws Exception {
        try (UdpResponder dns = new UdpResponder(BinaryProtocolChecksTest::dnsAnswer)) {
            assertThat(CheckRunner.run(Targets.of(dns.port(), "service=dns\nprotocol=udp\nrequest=\"www.example.org\"\nreceive=\"10.9.8.7\"")))
                    .isEqualTo(CheckResult.up("Success"));
            assertThat(CheckRunner.run(Targets.of(dns.port(), "service=dns\nprotocol=udp\nrequest=\"10.9.8.7\"\nreceive=\"web1\"")))
                    .isEqualTo(CheckResult.up("Success"));
            assertThat(CheckRunner.run(Targets.of(dns.port(), "service=dns\nprotocol=udp\nrequest=\"www.example.org\"\nreceive=\"10.0.0.1\"")))
                    .isEqualTo(CheckResult.down("Response mismatch"));
        }
    }

    @Test
    void dnsWithoutReceiveIsAlwaysDownAsInLdirectord() throws Exception {
        try (UdpResponder dns = new UdpResponder(BinaryProtocolChecksTest::dnsAnswer)) {
            assertThat(CheckRunner.run(Targets.of(dns.port(), "service=dns\nprotocol=udp\nrequest=\"www.example.org\"")).up())
                    .isFalse();
        }
    }

    @Test
    void dnsOverTcpWhenTheVirtualIsTcp() throws Exception {
        try (TcpResponder dns = new TcpResponder(p -> {
            byte[] len = p.read(2);
            byte[] answer = dnsAnswer(p.read(((len[0] & 0xFF) << 8) | (len[1] & 0xFF)));
            p.write(ByteBuffer.allocate(2 + answer.length).putShort((short) answer.length).put(answer).array());
        })) {
            assertThat(CheckRunner.run(Targets.of(dns.port(), "service=dns\nprotocol=tcp\nrequest=\"www.example.org\"\nreceive=\"^10\\.9\"")).up())
                    .isTrue();
        }
    }

    @Test
    void dnsServerThatNeverAnswersIsDown() throws Exception {
        try (UdpResponder mute = new UdpResponder(q -> null)) {
            assertThat(CheckRunner.run(Targets.of(mute.port(), "service=dns\nprotocol=udp\nrequest=\"a.example\"\nreceive=\"x\"")).up())
                    .isFalse();
        }
    }

    // ---- LDAP: hand-encoded BER answers

    static final byte[] BIND_OK = hex("300c02010161070a010004000400");
    static final byte[] BIND_REFUSED = hex("300c02010161070a013104000400");
    static final byte[] ENTRY = hex("301a020102641504" + "11" + HexFormat.of().formatHex("dc=example,dc=org".getBytes(StandardCharsets.US_ASCII)) + "3000");
    static final byte[] DONE = hex("300c02010265070a010004000400");

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static byte[] readBer(TcpResponder.Peer p) throws Exception {
        byte[] head = p.read(2);
        int len = head[1] & 0xFF;
        if (len >= 0x80) {
            byte[] l = p.read(len & 0x7F);
            len = 0;
            for (byte x : l) {
                len = (len << 8) | (x & 0xFF);
            }
        }
        return p.read(len);
    }

    TcpResponder ldap(byte[] bind, int entries) throws Exception {
        return new TcpResponder(p -> {
            readBer(p);
            p.write(bind);
            byte[] search = readBer(p);
            String text = new String(search, StandardCharsets.ISO_8859_1);
            if (!text.contains("dc=example,dc=org") || !text.contains("objectClass")) {
                return;
            }
            for (int i = 0; i < entries; i++) {
                p.write(ENTRY);
            }
            p.write(DONE);
            readBer(p);
        });
    }

    @Test
    void ldapNeedsExactlyOneEntryWhoseDnMatches() throws Exception {
        try (TcpResponder one = ldap(BIND_OK, 1); TcpResponder two = ldap(BIND_OK, 2); TcpResponder refused = ldap(BIND_REFUSED, 1)) {
            String block = "service=ldap\nrequest=\"dc=example,dc=org\"\nreceive=\"example\"";
            assertThat(CheckRunner.run(Targets.of(one.port(), block))).isEqualTo(CheckResult.up("Success"));
            assertThat(CheckRunner.run(Targets.of(one.port(), "service=ldap\nrequest=\"dc=example,dc=org\"\nreceive=\"other\"")))
                    .isEqualTo(CheckResult.down("Response mismatch"));
            assertThat(CheckRunner.run(Targets.of(two.port(), block))).isEqualTo(CheckResult.down("No answer received"));
            assertThat(CheckRunner.run(Targets.of(refused.port(), block))).isEqualTo(CheckResult.down("Bind failed"));
        }
    }

    // ---- MySQL: handshake, native password check, one-column result set

    static byte[] packet(int seq, byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).put((byte) payload.length).put((byte) (payload.length >> 8))
                .put((byte) (payload.length >> 16)).put((byte) seq).put(payload).array();
    }

    static byte[] readPacket(TcpResponder.Peer p) throws Exception {
        byte[] h = p.read(4);
        return p.read((h[0] & 0xFF) | (h[1] & 0xFF) << 8 | (h[2] & 0xFF) << 16);
    }

    static byte[] sha1(byte[]... parts) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        for (byte[] x : parts) {
            md.update(x);
        }
        return md.digest();
    }

    TcpResponder mysql(String password, int rows) throws Exception {
        byte[] salt = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
        return new TcpResponder(p -> {
            ByteArrayOutputStream hs = new ByteArrayOutputStream();
            hs.write(10);
            hs.writeBytes("8.0.36-test\0".getBytes(StandardCharsets.US_ASCII));
            hs.writeBytes(new byte[] {1, 0, 0, 0});
            hs.write(salt, 0, 8);
            hs.write(0);
            hs.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xF7, 33, 2, 0, (byte) 0xFF, (byte) 0xDF, 21});
            hs.writeBytes(new byte[10]);
            hs.write(salt, 8, 12);
            hs.write(0);
            hs.writeBytes("mysql_native_password\0".getBytes(StandardCharsets.US_ASCII));
            p.write(packet(0, hs.toByteArray()));
            byte[] r = readPacket(p);
            int pos = 32;
            while (r[pos] != 0) {
                pos++;
            }
            String user = new String(r, 32, pos - 32, StandardCharsets.US_ASCII);
            int authLen = r[pos + 1] & 0xFF;
            byte[] auth = Arrays.copyOfRange(r, pos + 2, pos + 2 + authLen);
            byte[] h1 = sha1(password.getBytes(StandardCharsets.UTF_8));
            byte[] mix = sha1(salt, sha1(h1));
            byte[] expected = new byte[20];
            for (int i = 0; i < 20; i++) {
                expected[i] = (byte) (h1[i] ^ mix[i]);
            }
            if (!user.equals("monitor") || !Arrays.equals(auth, expected)) {
                p.write(packet(2, "\u00ff\u0015\u0004#28000Access denied".getBytes(StandardCharsets.ISO_8859_1)));
                return;
            }
            p.write(packet(2, new byte[] {0, 0, 0, 2, 0, 0, 0}));
            byte[] query = readPacket(p);
            if (query[0] != 3 || !new String(query, 1, query.length - 1, StandardCharsets.UTF_8).equals("SELECT 1")) {
                return;
            }
            p.write(packet(1, new byte[] {1}));
            p.write(packet(2, "\u0003def\u0000\u0000\u0000\u00011\u0000\u000c\u003f\u0000\u0001\u0000\u0000\u0000\u0008\u0081\u0000\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1)));
            p.write(packet(3, new byte[] {(byte) 0xFE, 0, 0, 2, 0}));
            int seq = 4;
            for (int i = 0; i < rows; i++) {
                p.write(packet(seq++, new byte[] {1, '1'}));
            }
            p.write(packet(seq, new byte[] {(byte) 0xFE, 0, 0, 2, 0}));
            readPacket(p);
        });
    }

    @Test
    void mysqlLogsInRunsTheQueryAndNeedsARow() throws Exception {
        String block = "service=mysql\nlogin=\"monitor\"\npasswd=\"s3cret\"\ndatabase=\"app\"\nrequest=\"SELECT 1\"";
        try (TcpResponder ok = mysql("s3cret", 1); TcpResponder empty = mysql("s3cret", 0); TcpResponder other = mysql("different", 1)) {
            assertThat(CheckRunner.run(Targets.of(ok.port(), block)).up()).isTrue();
            assertThat(CheckRunner.run(Targets.of(empty.port(), block)).up()).isFalse();
            assertThat(CheckRunner.run(Targets.of(other.port(), block)).up()).isFalse();
        }
    }

    @Test
    void sqlChecksWithoutLoginOrQueryAreDownWithLdirectordsError() throws Exception {
        CheckResult r = CheckRunner.run(Targets.of(3306, "service=mysql"));

        assertThat(r).isEqualTo(CheckResult.down("Error: Must specify a login and request string for MySQL, Oracle and "
                + "PostgreSQL checks. Not adding 127.0.0.1."));
    }

    // ---- PostgreSQL: md5 authentication and a simple query

    static void pgSend(TcpResponder.Peer p, char type, byte[] body) throws Exception {
        p.write(ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array());
    }

    static String md5hex(byte[]... parts) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        for (byte[] x : parts) {
            md.update(x);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    TcpResponder pgsql(int rows) throws Exception {
        return new TcpResponder(p -> {
            byte[] len = p.read(4);
            String startup = new String(p.read(ByteBuffer.wrap(len).getInt() - 4), StandardCharsets.UTF_8);
            if (!startup.contains("user\0monitor\0database\0app\0")) {
                return;
            }
            byte[] salt = {1, 2, 3, 4};
            pgSend(p, 'R', ByteBuffer.allocate(8).putInt(5).put(salt).array());
            byte[] head = p.read(5);
            String pw = new String(p.read(ByteBuffer.wrap(head, 1, 4).getInt() - 4), StandardCharsets.UTF_8);
            String inner = md5hex("s3cretmonitor".getBytes(StandardCharsets.UTF_8));
            if (!pw.equals("md5" + md5hex(inner.getBytes(StandardCharsets.US_ASCII), salt) + "\0")) {
                pgSend(p, 'E', "SFATAL\0Mpassword authentication failed\0\0".getBytes(StandardCharsets.UTF_8));
                return;
            }
            pgSend(p, 'R', ByteBuffer.allocate(4).putInt(0).array());
            pgSend(p, 'Z', new byte[] {'I'});
            head = p.read(5);
            p.read(ByteBuffer.wrap(head, 1, 4).getInt() - 4);
            pgSend(p, 'T', new byte[] {0, 0});
            for (int i = 0; i < rows; i++) {
                pgSend(p, 'D', new byte[] {0, 1, 0, 0, 0, 1, '1'});
            }
            pgSend(p, 'C', "SELECT 1\0".getBytes(StandardCharsets.UTF_8));
            pgSend(p, 'Z', new byte[] {'I'});
            p.read(5);
        });
    }

    @Test
    void pgsqlAuthenticatesWithMd5AndNeedsARow() throws Exception {
        String block = "service=pgsql\nlogin=\"monitor\"\npasswd=\"s3cret\"\ndatabase=\"app\"\nrequest=\"SELECT 1\"";
        try (TcpResponder one = pgsql(1); TcpResponder none = pgsql(0)) {
            assertThat(CheckRunner.run(Targets.of(one.port(), block)).up()).isTrue();
            assertThat(CheckRunner.run(Targets.of(none.port(), block)).up()).isFalse();
            assertThat(CheckRunner.run(Targets.of(one.port(), block.replace("s3cret", "wrong"))).up()).isFalse();
        }
    }

    // ---- RADIUS: Access-Accept for the right password, Access-Reject otherwise

    static byte[] radiusAnswer(byte[] q, String secret) {
        try {
            byte[] auth = Arrays.copyOfRange(q, 4, 20);
            String password = null;
            for (int pos = 20; pos + 2 <= q.length; pos += q[pos + 1] & 0xFF) {
                if (q[pos] == 2) {
                    byte[] hidden = Arrays.copyOfRange(q, pos + 2, pos + (q[pos + 1] & 0xFF));
                    byte[] plain = new byte[hidden.length];
                    byte[] prev = auth;
                    for (int b = 0; b < hidden.length; b += 16) {
                        byte[] key = MessageDigest.getInstance("MD5").digest(concat(secret.getBytes(StandardCharsets.UTF_8), prev));
                        for (int i = 0; i < 16; i++) {
                            plain[b + i] = (byte) (hidden[b + i] ^ key[i]);
                        }
                        prev = Arrays.copyOfRange(hidden, b, b + 16);
                    }
                    password = new String(plain, StandardCharsets.UTF_8).replace("\0", "");
                }
            }
            int code = "letmein".equals(password) ? 2 : 3;
            byte[] head = {(byte) code, q[1], 0, 20};
            byte[] ra = MessageDigest.getInstance("MD5").digest(concat(head, auth, secret.getBytes(StandardCharsets.UTF_8)));
            return concat(head, ra);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    @Test
    void radiusIsUpOnAcceptOnly() throws Exception {
        try (UdpResponder radius = new UdpResponder(q -> radiusAnswer(q, "shared"))) {
            String base = "service=radius\nsecret=\"shared\"\nlogin=\"probe\"\n";
            assertThat(CheckRunner.run(Targets.of(radius.port(), base + "passwd=\"letmein\"")).up()).isTrue();
            assertThat(CheckRunner.run(Targets.of(radius.port(), base + "passwd=\"wrong\"")).up()).as("a reject").isFalse();
            assertThat(CheckRunner.run(Targets.of(radius.port(), "service=radius\nsecret=\"other\"\nlogin=\"probe\"\npasswd=\"letmein\"")).up())
                    .as("an answer signed with another secret").isFalse();
        }
    }
}
