package org.jvs.heartbeat.wire;

import org.jvs.heartbeat.config.MessageFormat;

/** The outcome of decoding one datagram: a message, or why it was dropped. Immutable. */
public sealed interface Decoded {

    /** A well-formed, authentic message. */
    record Accepted(Message message, MessageFormat format) implements Decoded {
    }

    /** A dropped datagram; {@code detail} is for the log and never contains key material. */
    record Rejected(Reason reason, String detail) implements Decoded {
    }

    /** Why a datagram was dropped (each is counted, none throws). */
    enum Reason {
        /** Larger than any heartbeat datagram may be. */
        OVERSIZED,
        /** Neither {@code >>>} nor {@code ###} at the start. */
        NOT_A_MESSAGE,
        /** Truncated, or a field that does not parse. */
        MALFORMED,
        /** A field type jvs does not carry (struct, list, compressed). */
        UNSUPPORTED_FIELD_TYPE,
        /** More fields than any cluster message has. */
        TOO_MANY_FIELDS,
        /** No authentication string. */
        NO_AUTH,
        /** Signed with a key id authkeys does not define. */
        UNKNOWN_KEY,
        /** The digest does not match. */
        BAD_AUTH
    }
}
