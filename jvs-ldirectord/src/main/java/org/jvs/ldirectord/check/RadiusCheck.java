package org.jvs.ldirectord.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The radius negotiate check, as Authen::Radius {@code check_pwd}: an Access-Request with
 * User-Name (login), User-Password (passwd hidden with the secret, RFC 2865) and NAS-IP-Address (the
 * local address); up iff an Access-Accept with a valid response authenticator comes back. (A reject
 * is down: check_pwd's false value is the empty string, which ldirectord tests for.) Bounded by
 * checktimeout and negotiatetimeout, whichever ends first. Thread-safe.
 */
final class RadiusCheck implements Check {
    private static final int ACCESS_REQUEST = 1;
    private static final int ACCESS_ACCEPT = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        Deadline deadline = t.checkDeadline().atMost(t.negotiateTimeout());
        byte[] secret = t.check().secret().getBytes(StandardCharsets.UTF_8);
        byte[] authenticator = new byte[16];
        RANDOM.nextBytes(authenticator);
        int id = RANDOM.nextInt(256);
        try (Udp u = Udp.connect(t.inet(), t.checkPort(), deadline)) {
            InetAddress local = u.local().getAddress();
            byte[] nas = local.getAddress().length == 4 && !local.isAnyLocalAddress()
                    ? local.getAddress() : new byte[] {127, 0, 0, 1};
            ByteArrayOutputStream attrs = new ByteArrayOutputStream();
            attribute(attrs, 1, t.check().login().getBytes(StandardCharsets.UTF_8));
            attribute(attrs, 2, hide(t.check().passwd().getBytes(StandardCharsets.UTF_8), secret, authenticator));
            attribute(attrs, 4, nas);
            u.send(packet(ACCESS_REQUEST, id, authenticator, attrs.toByteArray()));
            while (true) {
                byte[] reply = u.receive();
                if (reply.length < 20 || (reply[1] & 0xFF) != id) {
                    continue;
                }
                int length = ((reply[2] & 0xFF) << 8) | (reply[3] & 0xFF);
                if (length < 20 || length > reply.length || !validReply(reply, length, authenticator, secret)) {
                    return CheckResult.down(CheckResult.NO_MESSAGE);
                }
                return (reply[0] & 0xFF) == ACCESS_ACCEPT ? CheckResult.up(CheckResult.NO_MESSAGE)
                        : CheckResult.down(CheckResult.NO_MESSAGE);
            }
        }
    }

    private static boolean validReply(byte[] reply, int length, byte[] requestAuth, byte[] secret) {
        byte[] head = Arrays.copyOfRange(reply, 0, 4);
        byte[] attrs = Arrays.copyOfRange(reply, 20, length);
        byte[] expected = Digests.digest("MD5", head, requestAuth, attrs, secret);
        return Arrays.equals(expected, Arrays.copyOfRange(reply, 4, 20));
    }

    /** RFC 2865 section 5.2: the password padded to 16-byte blocks, each XORed with a chained MD5. */
    static byte[] hide(byte[] password, byte[] secret, byte[] authenticator) {
        int blocks = Math.max(1, (password.length + 15) / 16);
        byte[] out = Arrays.copyOf(password, blocks * 16);
        byte[] previous = authenticator;
        for (int b = 0; b < blocks; b++) {
            byte[] key = Digests.digest("MD5", secret, previous);
            for (int i = 0; i < 16; i++) {
                out[b * 16 + i] ^= key[i];
            }
            previous = Arrays.copyOfRange(out, b * 16, b * 16 + 16);
        }
        return out;
    }

    static byte[] packet(int code, int id, byte[] authenticator, byte[] attrs) {
        int length = 20 + attrs.length;
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(new byte[] {(byte) code, (byte) id, (byte) (length >> 8), (byte) length});
        p.writeBytes(authenticator);
        p.writeBytes(attrs);
        return p.toByteArray();
    }

    private static void attribute(ByteArrayOutputStream out, int type, byte[] value) {
        int n = Math.min(value.length, 253);
        out.write(type);
        out.write(n + 2);
        out.write(value, 0, n);
    }
}
