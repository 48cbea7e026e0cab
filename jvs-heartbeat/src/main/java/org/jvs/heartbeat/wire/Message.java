package org.jvs.heartbeat.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A heartbeat message: fields in order (order matters, the authentication digest covers them as
 * serialised). Lookups return the first field of a name, as {@code ha_msg_value} does. Immutable;
 * the {@code with*} methods return modified copies.
 */
public final class Message {
    /** Message type. */
    public static final String F_TYPE = "t";
    /** Originating node. */
    public static final String F_ORIG = "src";
    /** Originating node's UUID (binary). */
    public static final String F_ORIGUUID = "srcuuid";
    /** Destination node (optional). */
    public static final String F_TO = "dest";
    /** Destination node's UUID (binary, optional). */
    public static final String F_TOUUID = "destuuid";
    /** Sequence number, hex. */
    public static final String F_SEQ = "seq";
    /** Heartbeat generation, hex. */
    public static final String F_HBGENERATION = "hg";
    /** Sender's wall-clock seconds, hex. */
    public static final String F_TIME = "ts";
    /** Sender's load average line. */
    public static final String F_LOAD = "ld";
    /** Hops left. */
    public static final String F_TTL = "ttl";
    /** "keyid digest". */
    public static final String F_AUTH = "auth";
    /** Node status (status messages). */
    public static final String F_STATUS = "st";
    /** Dead time in ms, hex (status messages). */
    public static final String F_DT = "dt";
    /** Protocol version (status messages, flow control). */
    public static final String F_PROTOCOL = "protocol";
    /** Comment / info. */
    public static final String F_COMMENT = "info";
    /** Resources held: none, local, foreign, all. */
    public static final String F_RESOURCES = "rsc_hold";
    /** "full" for a complete resource report. */
    public static final String F_RTYPE = "rtype";
    /** "1" when the sender's resources are stable. */
    public static final String F_ISSTABLE = "isstable";
    /** First sequence number of a retransmission range. */
    public static final String F_FIRSTSEQ = "firstseq";
    /** Last sequence number of a retransmission range. */
    public static final String F_LASTSEQ = "lastseq";
    /** Acknowledged sequence number, hex. */
    public static final String F_ACKSEQ = "ackseq";

    private final List<Field> fields;

    private Message(List<Field> fields) {
        this.fields = fields;
    }

    /** A message made of these fields in this order. */
    public static Message of(List<Field> fields) {
        return new Message(List.copyOf(fields));
    }

    /** A message of string fields given as name, value, name, value... */
    public static Message strings(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must pair up");
        }
        List<Field> f = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            f.add(Field.string(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new Message(Collections.unmodifiableList(f));
    }

    /** The fields in order. */
    public List<Field> fields() {
        return fields;
    }

    /** The first field of this name. */
    public Optional<Field> field(String name) {
        for (Field f : fields) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The text of the first string field of this name. */
    public Optional<String> get(String name) {
        return field(name).filter(f -> f.type() == Field.STRING).map(Field::text);
    }

    /** The message type ({@code t}), or "" when absent. */
    public String type() {
        return get(F_TYPE).orElse("");
    }

    /** The originating node, or "" when absent. */
    public String source() {
        return get(F_ORIG).orElse("");
    }

    /** A copy with {@code field} replacing the first field of its name in place, or appended (ha_msg_mod). */
    public Message with(Field field) {
        List<Field> f = new ArrayList<>(fields);
        for (int i = 0; i < f.size(); i++) {
            if (f.get(i).name().equals(field.name())) {
                f.set(i, field);
                return new Message(Collections.unmodifiableList(f));
            }
        }
        f.add(field);
        return new Message(Collections.unmodifiableList(f));
    }

    /** {@link #with(Field)} for a string field. */
    public Message with(String name, String value) {
        return with(Field.string(name, value));
    }

    /** A copy without any field of this name. */
    public Message without(String name) {
        return new Message(fields.stream().filter(f -> !f.name().equals(name)).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && m.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
