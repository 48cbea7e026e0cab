package org.jvs.heartbeat.auth;

import java.nio.charset.StandardCharsets;

/**
 * One key line of authkeys: {@code ID METHOD [KEY]}. The key is the bytes of the authkeys word
 * (heartbeat reads one blank-free word). Immutable.
 */
public record AuthKey(int id, AuthMethod method, String key) {

    /** The digest text of {@code data[offset, offset+length)}. */
    public String digest(byte[] data, int offset, int length) {
        return method.digest(key.getBytes(StandardCharsets.ISO_8859_1), data, offset, length);
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "AuthKey[" + id + " " + method.keyword() + "]";
    }
}
