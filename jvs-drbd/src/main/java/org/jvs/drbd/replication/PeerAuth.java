package org.jvs.drbd.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Peer authentication as DRBD does it with {@code cram-hmac-alg} and {@code shared-secret}: each
 * side sends 64 random bytes, answers the other's challenge with HMAC(secret, challenge) and checks
 * the answer to its own. A challenge shorter than 64 or longer than 128 bytes, or equal to ours (a
 * reflection), is refused. Stateless; thread-safe.
 */
public final class PeerAuth {
    /** CHALLENGE_LEN. */
    public static final int CHALLENGE = 64;
    /** SHARED_SECRET_MAX. */
    public static final int SECRET_MAX = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PeerAuth() {
    }

    /** The JCA name of the HMAC for a kernel digest name (sha1, sha256, sha512, md5), if supported. */
    public static Optional<String> macName(String alg) {
        String name = switch (alg.toLowerCase(Locale.ROOT)) {
            case "sha1" -> "HmacSHA1";
            case "sha224" -> "HmacSHA224";
            case "sha256" -> "HmacSHA256";
            case "sha384" -> "HmacSHA384";
            case "sha512" -> "HmacSHA512";
            case "md5" -> "HmacMD5";
            default -> null;
        };
        return Optional.ofNullable(name);
    }

    /** Thrown when the peer does not prove it knows the secret. */
    public static final class Failed extends IOException {
        Failed(String message) {
            super(message);
        }
    }

    /**
     * Runs the exchange on {@code channel} (both sides call this at the same point).
     *
     * @return the HMAC length, for "Peer authenticated using N bytes HMAC"
     * @throws Failed when the peer's answer is wrong or its challenge unacceptable
     */
    public static int authenticate(PacketChannel channel, String alg, String secret) throws IOException {
        String mac = macName(alg).orElseThrow(() -> new Failed("cram-hmac-alg " + alg + " not supported"));
        byte[] mine = new byte[CHALLENGE];
        RANDOM.nextBytes(mine);
        channel.send(Command.AUTH_CHALLENGE, 0, ByteBuffer.wrap(mine));
        Packet p = channel.receive();
        if (p.command() != Command.AUTH_CHALLENGE) {
            throw new ProtocolException("expected AuthChallenge, got " + p.command());
        }
        byte[] theirs = bytes(p.payload());
        if (theirs.length < CHALLENGE || theirs.length > 2 * CHALLENGE) {
            throw new Failed("AuthChallenge payload of " + theirs.length + " bytes");
        }
        if (MessageDigest.isEqual(mine, theirs)) {
            throw new Failed("Peer presented the same challenge!");
        }
        channel.send(Command.AUTH_RESPONSE, 0, ByteBuffer.wrap(hmac(mac, secret, theirs)));
        Packet r = channel.receive();
        if (r.command() != Command.AUTH_RESPONSE) {
            throw new ProtocolException("expected AuthResponse, got " + r.command());
        }
        byte[] expected = hmac(mac, secret, mine);
        if (!MessageDigest.isEqual(expected, bytes(r.payload()))) {
            throw new Failed("Authentication of peer failed");
        }
        return expected.length;
    }

    private static byte[] hmac(String mac, String secret, byte[] data) throws IOException {
        try {
            Mac m = Mac.getInstance(mac);
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            // an empty secret is allowed by drbd; JCA keys must not be empty
            m.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, mac));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IOException("HMAC " + mac + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
