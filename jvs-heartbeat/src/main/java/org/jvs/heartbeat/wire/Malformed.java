package org.jvs.heartbeat.wire;

/**
 * Thrown inside the wire package when a datagram does not parse; {@link WireCodec} turns it into a
 * {@link Decoded.Rejected} so no exception reaches a caller. No stack trace: bad datagrams are
 * expected, and counting them must stay cheap.
 */
final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;
    private final Decoded.Reason reason;

    Malformed(Decoded.Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    Decoded.Reason reason() {
        return reason;
    }
}
