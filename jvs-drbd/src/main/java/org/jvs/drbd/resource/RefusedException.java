package org.jvs.drbd.resource;

import java.io.IOException;
import org.jvs.drbd.state.ConnectionState;

/**
 * The handshake ended in a way that must not be retried automatically (split brain, unrelated
 * data, failed authentication, incompatible settings): the resource goes to the given state
 * (StandAlone) until the administrator acts.
 */
final class RefusedException extends IOException {
    private final ConnectionState next;

    RefusedException(String message, ConnectionState next) {
        super(message);
        this.next = next;
    }

    ConnectionState next() {
        return next;
    }
}
