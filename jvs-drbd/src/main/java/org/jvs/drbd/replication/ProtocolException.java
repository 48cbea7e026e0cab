package org.jvs.drbd.replication;

import java.io.IOException;

/** The peer sent something that breaks the protocol; the connection goes to ProtocolError. */
public final class ProtocolException extends IOException {
    /** A violation described by {@code message}. */
    public ProtocolException(String message) {
        super(message);
    }
}
