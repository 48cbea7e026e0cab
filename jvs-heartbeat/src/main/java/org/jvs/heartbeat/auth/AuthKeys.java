package org.jvs.heartbeat.auth;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The contents of authkeys: every key accepted on receive (ids 0 to {@link #MAX_AUTH}-1, which allows
 * rolling key changes) and the one that signs what we send. Immutable and thread-safe.
 */
public final class AuthKeys {
    /** heartbeat's MAXAUTH: key ids run from 0 to 15. */
    public static final int MAX_AUTH = 16;

    private final Map<Integer, AuthKey> keys;
    private final AuthKey signing;

    public AuthKeys(Map<Integer, AuthKey> keys, int signingId) {
        this.keys = Map.copyOf(new TreeMap<>(keys));
        this.signing = this.keys.get(signingId);
        if (signing == null) {
            throw new IllegalArgumentException("signing key " + signingId + " is not among the keys");
        }
    }

    /** The key that signs outgoing messages (the {@code auth N} line). */
    public AuthKey signing() {
        return signing;
    }

    /** The key with this id, if authkeys defines it. */
    public Optional<AuthKey> byId(int id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** Every key, by id. */
    public Map<Integer, AuthKey> all() {
        return keys;
    }
}
