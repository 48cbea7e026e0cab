package org.jvs.heartbeat.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One name=value field of a heartbeat message. Heartbeat types every field; jvs carries the two
 * types cluster messages use, string (0) and binary (1, e.g. {@code srcuuid}). Values are bytes so
 * that any octet a peer sends survives a round trip. Immutable.
 */
public final class Field {
    /** heartbeat's FT_STRING. */
    public static final int STRING = 0;
    /** heartbeat's FT_BINARY. */
    public static final int BINARY = 1;

    private final String name;
    private final int type;
    private final byte[] value;

    private Field(String name, int type, byte[] value) {
        this.name = name;
        this.type = type;
        this.value = value;
    }

    /** A string field; the text is stored as ISO-8859-1 (heartbeat strings are bytes). */
    public static Field string(String name, String value) {
        return new Field(name, STRING, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A binary field. */
    public static Field binary(String name, byte[] value) {
        return new Field(name, BINARY, value.clone());
    }

    static Field of(String name, int type, byte[] value) {
        return new Field(name, type, value);
    }

    public String name() {
        return name;
    }

    /** {@link #STRING} or {@link #BINARY}. */
    public int type() {
        return type;
    }

    /** The value as text (ISO-8859-1). */
    public String text() {
        return new String(value, StandardCharsets.ISO_8859_1);
    }

    /** A copy of the raw value. */
    public byte[] bytes() {
        return value.clone();
    }

    byte[] rawBytes() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Field f && f.type == type && f.name.equals(name) && Arrays.equals(f.value, value);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(value) + type;
    }

    @Override
    public String toString() {
        return (type == STRING ? "" : "(" + type + ")") + name + "=" + (type == STRING ? text() : "<" + value.length
                + " bytes>");
    }
}
