package org.jvs.heartbeat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.jvs.heartbeat.auth.AuthKey;
import org.jvs.heartbeat.auth.AuthKeys;
import org.jvs.heartbeat.auth.AuthMethod;
import org.jvs.heartbeat.config.MessageFormat;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private static final AuthKey SHA1 = new AuthKey(1, AuthMethod.SHA1, "secretkey");
    private static final WireCodec CODEC = new WireCodec(new AuthKeys(Map.of(1, SHA1), 1));

    static byte[] resource(String name) throws IOException {
        try (InputStream in = WireCodecTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static Message heartbeat() {
        return Message.strings("t", "status", "st", "active", "dt", "2ee0", "protocol", "1", "src", "node1")
                .with(Field.binary("srcuuid", new byte[16]))
                .with("seq", "2a").with("hg", "4b3c9f01").with("ts", "5f1a2b3c")
                .with("ld", "0.00 0.01 0.05 1/123 4567").with("ttl", "3");
    }

    @Test
    void debianHeartbeatPacketDecodesAndAuthenticates() throws IOException {
        byte[] pkt = resource("debian-3.0.6-status-init.bin");
        Decoded d = CODEC.decode(pkt, 0, pkt.length);
        assertThat(d).isInstanceOf(Decoded.Accepted.class);
        Message m = ((Decoded.Accepted) d).message();
        assertThat(((Decoded.Accepted) d).format()).isEqualTo(MessageFormat.NETSTRING);
        assertThat(m.fields()).extracting(Field::name).containsExactly("t", "st", "dt", "protocol", "src", "srcuuid",
                "seq", "hg", "ts", "ld", "ttl", "auth");
        assertThat(m.type()).isEqualTo("status");
        assertThat(m.get("st")).contains("init");
        assertThat(m.get("dt")).contains("2ee0");
        assertThat(m.source()).isEqualTo("node1");
        assertThat(m.field("srcuuid").orElseThrow().type()).isEqualTo(Field.BINARY);
        assertThat(m.field("srcuuid").orElseThrow().bytes()).hasSize(16);
    }

    @Test
    void reencodingADebianPacketReproducesItByteForByte() throws IOException {
        for (String name : new String[] {"debian-3.0.6-status-init.bin", "debian-3.0.6-status-up.bin"}) {
            byte[] pkt = resource(name);
            Message m = ((Decoded.Accepted) CODEC.decode(pkt, 0, pkt.length)).message();
            assertThat(CODEC.encode(m, MessageFormat.NETSTRING)).as(name).isEqualTo(pkt);
        }
    }

    @Test
    void crcAndMd5PacketsFromDebianAuthenticateAndReencodeByteForByte() throws IOException {
        // Captured from Debian heartbeat 3.0.6 with authkeys "auth 2 / 2 crc" and "auth 3 / 3 md5 md5secret".
        Map<String, AuthKey> captures = Map.of(
                "debian-3.0.6-status-crc.bin", new AuthKey(2, AuthMethod.CRC, ""),
                "debian-3.0.6-status-md5.bin", new AuthKey(3, AuthMethod.MD5, "md5secret"));
        for (Map.Entry<String, AuthKey> c : captures.entrySet()) {
            WireCodec codec = new WireCodec(new AuthKeys(Map.of(c.getValue().id(), c.getValue()), c.getValue().id()));
            byte[] pkt = resource(c.getKey());
            Decoded d = codec.decode(pkt, 0, pkt.length);
            assertThat(d).as(c.getKey()).isInstanceOf(Decoded.Accepted.class);
            Message m = ((Decoded.Accepted) d).message();
            assertThat(codec.encode(m, MessageFormat.NETSTRING)).as(c.getKey()).isEqualTo(pkt);
            // The classic digest jvs computes equals the inner auth field Debian computed.
            byte[] classic = codec.encode(m.without("auth"), MessageFormat.CLASSIC);
            Message back = ((Decoded.Accepted) codec.decode(classic, 0, classic.length)).message();
            assertThat(back.get("auth")).as(c.getKey()).isEqualTo(m.get("auth"));
        }
    }

    @Test
    void debianPacketSignedWithAnotherKeyIsRejected() throws IOException {
        byte[] pkt = resource("debian-3.0.6-status-init.bin");
        WireCodec other = new WireCodec(new AuthKeys(Map.of(1, new AuthKey(1, AuthMethod.SHA1, "not-the-key")), 1));
        assertThat(((Decoded.Rejected) other.decode(pkt, 0, pkt.length)).reason()).isEqualTo(Decoded.Reason.BAD_AUTH);
        WireCodec md5 = new WireCodec(new AuthKeys(Map.of(1, new AuthKey(1, AuthMethod.MD5, "secretkey")), 1));
        assertThat(((Decoded.Rejected) md5.decode(pkt, 0, pkt.length)).reason()).isEqualTo(Decoded.Reason.BAD_AUTH);
    }

    @Test
    void classicAuthFieldMatchesTheOneDebianPutInsideItsPacket() throws IOException {
        byte[] pkt = resource("debian-3.0.6-status-init.bin");
        Message m = ((Decoded.Accepted) CODEC.decode(pkt, 0, pkt.length)).message();
        String inner = m.get("auth").orElseThrow();
        byte[] classic = CODEC.encode(m.without("auth"), MessageFormat.CLASSIC);
        Message back = ((Decoded.Accepted) CODEC.decode(classic, 0, classic.length)).message();
        assertThat(back.get("auth")).contains(inner);
        assertThat(back).isEqualTo(m);
    }

    @Test
    void classicEncodingIsHeartbeatsTextLayout() {
        byte[] out = CODEC.encode(Message.strings("t", "resource", "rsc_hold", "local", "src", "a"),
                MessageFormat.CLASSIC);
        String text = new String(out, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith(">>>\nt=resource\nrsc_hold=local\nsrc=a\nauth=1 ").endsWith("\n<<<\n");
        byte[] covered = "t=resource\nrsc_hold=local\nsrc=a\n".getBytes(StandardCharsets.ISO_8859_1);
        String digest = SHA1.digest(covered, 0, covered.length);
        assertThat(text).contains("auth=1 " + digest + "\n");
    }

    @Test
    void binaryFieldsAreBase64InClassicAndRawInNetstring() {
        Message m = Message.strings("t", "x").with(Field.binary("srcuuid", new byte[] {1, 2, 3, (byte) 0xff}));
        assertThat(new String(CODEC.encode(m, MessageFormat.CLASSIC), StandardCharsets.ISO_8859_1))
                .contains("\n(1)srcuuid=AQID/w==\n");
        byte[] ns = CODEC.encode(m, MessageFormat.NETSTRING);
        assertThat(new String(ns, StandardCharsets.ISO_8859_1)).startsWith("###\n6:(0)t=x,15:(1)srcuuid=");
    }

    @Test
    void newlinesInValuesTravelAsByte19InClassic() {
        Message m = Message.strings("t", "x", "info", "two\nlines");
        byte[] out = CODEC.encode(m, MessageFormat.CLASSIC);
        assertThat(new String(out, StandardCharsets.ISO_8859_1)).contains("info=two\u0013lines\n");
        Decoded d = CODEC.decode(out, 0, out.length);
        assertThat(((Decoded.Accepted) d).message().get("info")).contains("two\nlines");
    }

    @Test
    void anyKeyInAuthkeysIsAcceptedOnReceive() {
        AuthKey md5 = new AuthKey(2, AuthMethod.MD5, "rolling");
        AuthKey crc = new AuthKey(3, AuthMethod.CRC, "");
        WireCodec receiver = new WireCodec(new AuthKeys(Map.of(1, SHA1, 2, md5, 3, crc), 1));
        for (AuthKey k : new AuthKey[] {md5, crc}) {
            WireCodec sender = new WireCodec(new AuthKeys(Map.of(k.id(), k), k.id()));
            for (MessageFormat f : MessageFormat.values()) {
                byte[] out = sender.encode(heartbeat(), f);
                assertThat(receiver.decode(out, 0, out.length)).as(k + " " + f).isInstanceOf(Decoded.Accepted.class);
            }
        }
    }

    @Test
    void unknownKeyIdAndWrongKeyAreRejected() {
        WireCodec other = new WireCodec(new AuthKeys(Map.of(2, new AuthKey(2, AuthMethod.SHA1, "secretkey")), 2));
        WireCodec wrong = new WireCodec(new AuthKeys(Map.of(1, new AuthKey(1, AuthMethod.SHA1, "guess")), 1));
        for (MessageFormat f : MessageFormat.values()) {
            byte[] a = other.encode(heartbeat(), f);
            assertThat(CODEC.decode(a, 0, a.length)).isEqualTo(new Decoded.Rejected(Decoded.Reason.UNKNOWN_KEY,
                    "Invalid authentication type [2] in message from node1"));
            byte[] b = wrong.encode(heartbeat(), f);
            assertThat(CODEC.decode(b, 0, b.length)).extracting(r -> ((Decoded.Rejected) r).reason())
                    .isEqualTo(Decoded.Reason.BAD_AUTH);
        }
    }

    @Test
    void aChangedFieldBreaksTheDigest() {
        byte[] out = CODEC.encode(heartbeat(), MessageFormat.CLASSIC);
        String forged = new String(out, StandardCharsets.ISO_8859_1).replace("st=active", "st=dead!");
        byte[] f = forged.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(((Decoded.Rejected) CODEC.decode(f, 0, f.length)).reason()).isEqualTo(Decoded.Reason.BAD_AUTH);
    }

    @Test
    void messagesWithoutAuthenticationAreRejected() {
        byte[] classic = ">>>\nt=status\nsrc=a\n<<<\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(((Decoded.Rejected) CODEC.decode(classic, 0, classic.length)).reason())
                .isEqualTo(Decoded.Reason.NO_AUTH);
        byte[] ns = "###\n11:(0)t=status,%%%\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(((Decoded.Rejected) CODEC.decode(ns, 0, ns.length)).reason()).isEqualTo(Decoded.Reason.NO_AUTH);
    }

    @Test
    void everyTruncationOfAValidDatagramIsRejectedWithoutException() throws IOException {
        for (byte[] full : new byte[][] {resource("debian-3.0.6-status-up.bin"),
                CODEC.encode(heartbeat(), MessageFormat.CLASSIC)}) {
            for (int len = 0; len < full.length; len++) {
                Decoded d = CODEC.decode(Arrays.copyOf(full, len), 0, len);
                assertThat(d).as("length %d", len).isInstanceOf(Decoded.Rejected.class);
            }
        }
    }

    @Test
    void oversizedAndForeignDatagramsAreRejected() {
        byte[] big = new byte[WireCodec.MAX_DATAGRAM + 1];
        assertThat(((Decoded.Rejected) CODEC.decode(big, 0, big.length)).reason()).isEqualTo(Decoded.Reason.OVERSIZED);
        byte[] junk = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(((Decoded.Rejected) CODEC.decode(junk, 0, junk.length)).reason())
                .isEqualTo(Decoded.Reason.NOT_A_MESSAGE);
    }

    @Test
    void unsupportedFieldTypesAndTooManyFieldsAreRejected() {
        byte[] struct = ">>>\n(2)sub=x\nauth=1 00\n<<<\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(((Decoded.Rejected) CODEC.decode(struct, 0, struct.length)).reason())
                .isEqualTo(Decoded.Reason.UNSUPPORTED_FIELD_TYPE);
        StringBuilder many = new StringBuilder(">>>\n");
        for (int i = 0; i <= WireCodec.MAX_FIELDS; i++) {
            many.append("f").append(i).append("=v\n");
        }
        byte[] m = many.append("<<<\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        assertThat(((Decoded.Rejected) CODEC.decode(m, 0, m.length)).reason())
                .isEqualTo(Decoded.Reason.TOO_MANY_FIELDS);
    }

    @Test
    void netstringLengthsThatOverrunTheDatagramAreRejected() {
        byte[] lie = "###\n999:(0)t=status,%%%\n4:1 00,".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(((Decoded.Rejected) CODEC.decode(lie, 0, lie.length)).reason()).isEqualTo(Decoded.Reason.MALFORMED);
        byte[] huge = "###\n99999999999:(0)t=x,%%%\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(((Decoded.Rejected) CODEC.decode(huge, 0, huge.length)).reason()).isEqualTo(Decoded.Reason.MALFORMED);
    }
}
