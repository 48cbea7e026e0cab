package org.jvs.heartbeat.wire;

/** Splits heartbeat's {@code (type)name} field names as both wire formats write them. Stateless. */
final class FieldName {
    /** The parsed prefix: field type and where the bare name starts; type -1 when malformed. */
    record Typed(int type, int nameStart) {
    }

    private FieldName() {
    }

    /**
     * Reads an optional {@code (digit)} prefix at {@code pos}; {@code required} for netstring fields,
     * which always carry it.
     */
    static Typed parse(byte[] buf, int pos, int end, boolean required) {
        if (pos < end && buf[pos] == '(') {
            if (pos + 2 < end && buf[pos + 1] >= '0' && buf[pos + 1] <= '9' && buf[pos + 2] == ')') {
                return new Typed(buf[pos + 1] - '0', pos + 3);
            }
            return new Typed(-1, pos);
        }
        return required ? new Typed(-1, pos) : new Typed(Field.STRING, pos);
    }
}
