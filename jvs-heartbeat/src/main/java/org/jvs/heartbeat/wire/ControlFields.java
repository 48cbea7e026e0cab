package org.jvs.heartbeat.wire;

/**
 * Adds the fields heartbeat's {@code add_control_msg_fields} puts on every cluster message, in its
 * order after the message's own fields: {@code src}, {@code srcuuid} (binary), {@code seq} (hex,
 * from 1, omitted for {@code NS_} types), {@code hg} (generation, hex), {@code ts} (wall-clock
 * seconds, hex), {@code ld} (the /proc/loadavg line), {@code ttl}. Not thread-safe: it owns the
 * sequence counter, so one conductor thread stamps every message.
 */
public final class ControlFields {
    /** Types with this prefix carry no sequence number and are never retransmitted. */
    public static final String NOSEQ_PREFIX = "NS_";

    private final String nodeName;
    private final byte[] uuid;
    private final long generation;
    private final int ttl;
    private long nextSeq = 1;

    /**
     * @param nodeName   our node name
     * @param uuid       our 16-byte node UUID
     * @param generation our heartbeat generation for this run
     * @param ttl        hopfudge + node count
     */
    public ControlFields(String nodeName, byte[] uuid, long generation, int ttl) {
        this.nodeName = nodeName;
        this.uuid = uuid.clone();
        this.generation = generation;
        this.ttl = ttl;
    }

    /** Whether messages of this type go without sequence numbers. */
    public static boolean unsequenced(String type) {
        return type.startsWith(NOSEQ_PREFIX);
    }

    /**
     * {@code m} with the control fields; {@code wallClockSeconds} and {@code loadAverage} are passed in
     * so that stamping never reads a clock or a file itself.
     */
    public Message stamp(Message m, long wallClockSeconds, String loadAverage) {
        boolean noSeq = unsequenced(m.type());
        Message out = m;
        out = put(out, Field.string(Message.F_ORIG, nodeName), noSeq);
        out = put(out, Field.binary(Message.F_ORIGUUID, uuid), noSeq);
        if (!noSeq) {
            out = out.with(Message.F_SEQ, Long.toHexString(nextSeq++));
        }
        out = put(out, Field.string(Message.F_HBGENERATION, Long.toHexString(generation)), noSeq);
        out = put(out, Field.string(Message.F_TIME, Long.toHexString(wallClockSeconds)), noSeq);
        out = put(out, Field.string(Message.F_LOAD, loadAverage), noSeq);
        out = put(out, Field.string(Message.F_TTL, Integer.toString(ttl)), noSeq);
        return out;
    }

    /** The sequence number the next sequenced message will carry. */
    public long nextSequence() {
        return nextSeq;
    }

    public long generation() {
        return generation;
    }

    public String nodeName() {
        return nodeName;
    }

    public byte[] uuid() {
        return uuid.clone();
    }

    private static Message put(Message m, Field f, boolean keepExisting) {
        // heartbeat keeps a field an unsequenced message already has (a ping reply's own "src").
        return keepExisting && m.field(f.name()).isPresent() ? m : m.with(f);
    }
}
