package org.jvs.drbd.replication;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * Block digests for online verify ({@code verify-alg}) and checksum-based resync
 * ({@code csums-alg}), by the kernel's algorithm names: sha1, sha256, sha512, md5, crc32c, crc32.
 * Stateless; thread-safe.
 */
public final class Digests {
    private Digests() {
    }

    /** Whether {@code alg} is one this implementation computes. */
    public static boolean supported(String alg) {
        return algorithm(alg).isPresent();
    }

    private static Optional<String> algorithm(String alg) {
        return Optional.ofNullable(switch (alg.toLowerCase(Locale.ROOT)) {
            case "sha1" -> "SHA-1";
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            case "md5" -> "MD5";
            case "crc32c" -> "CRC32C";
            case "crc32" -> "CRC32";
            default -> null;
        });
    }

    /** The digest of {@code data}'s remaining bytes (not consumed). */
    public static byte[] digest(String alg, ByteBuffer data) {
        String a = algorithm(alg).orElseThrow(() -> new IllegalArgumentException("digest " + alg));
        ByteBuffer d = data.duplicate();
        if (a.startsWith("CRC")) {
            Checksum c = a.equals("CRC32C") ? new CRC32C() : new CRC32();
            c.update(d);
            return ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
        }
        try {
            MessageDigest md = MessageDigest.getInstance(a);
            md.update(d);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(a + " missing from the JDK", e);
        }
    }
}
