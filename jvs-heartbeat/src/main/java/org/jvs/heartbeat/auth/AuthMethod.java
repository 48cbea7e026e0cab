package org.jvs.heartbeat.auth;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The three authentication methods of authkeys, each producing the digest text heartbeat's HBauth
 * plugin produces: crc as {@code %lx} (lower-case hex without leading zeros), md5 and sha1 as RFC 2104
 * HMACs in lower-case hex keyed with the authkeys string. Thread-safe.
 */
public enum AuthMethod {
    /** CRC only: detects corruption, no security. Takes no key. */
    CRC("crc", false, null),
    /** HMAC-MD5. */
    MD5("md5", true, "HmacMD5"),
    /** HMAC-SHA1 (heartbeat's "best"). */
    SHA1("sha1", true, "HmacSHA1");

    private final String keyword;
    private final boolean needsKey;
    private final String macAlgorithm;

    AuthMethod(String keyword, boolean needsKey, String macAlgorithm) {
        this.keyword = keyword;
        this.needsKey = needsKey;
        this.macAlgorithm = macAlgorithm;
    }

    /** The name used in authkeys ("sha1"). */
    public String keyword() {
        return keyword;
    }

    /** Whether authkeys must give a key for this method. */
    public boolean needsKey() {
        return needsKey;
    }

    /** The method named {@code keyword} in authkeys (exact, lower case as heartbeat's plugin names), or null. */
    public static AuthMethod byKeyword(String keyword) {
        for (AuthMethod m : values()) {
            if (m.keyword.equals(keyword)) {
                return m;
            }
        }
        return null;
    }

    /** The digest text of {@code data[offset, offset+length)} under {@code key} (ignored for crc). */
    public String digest(byte[] key, byte[] data, int offset, int length) {
        if (this == CRC) {
            return Integer.toHexString(HeartbeatCrc.compute(data, offset, length));
        }
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            // An empty key cannot occur (authkeys requires one); SecretKeySpec refuses it anyway.
            mac.init(new SecretKeySpec(key, macAlgorithm));
            mac.update(data, offset, length);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(macAlgorithm + " is part of every Java runtime", e);
        }
    }
}
