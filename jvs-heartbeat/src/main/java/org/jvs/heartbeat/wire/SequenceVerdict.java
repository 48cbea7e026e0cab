package org.jvs.heartbeat.wire;

import java.util.List;

/**
 * What sequence tracking decided about one message from a peer. Immutable.
 *
 * @param action          keep it, or why it is dropped
 * @param generationChanged a status message brought a higher generation (also the first one seen)
 * @param restarted       the peer restarted (a higher generation than one already known)
 * @param healedPartition a node we declared dead is talking again without having restarted
 * @param newlyMissing    sequence numbers this message revealed as lost (request retransmission)
 * @param filledGap       the message is one we had asked to have retransmitted
 * @param lostCount       how many messages were skipped (for the "lost packet(s)" warning)
 */
public record SequenceVerdict(Action action, boolean generationChanged, boolean restarted, boolean healedPartition, List<Long> newlyMissing,
                              boolean filledGap, long lostCount) {

    /** What to do with the message. */
    public enum Action {
        /** New, in order or a recovered gap, and addressed to us (or to everyone). */
        KEEP,
        /** Tracked but addressed to another node. */
        NOT_FOR_US,
        /** The same packet again (it arrives once per medium). */
        DUPLICATE,
        /** Older than what we have seen and not a missing one. */
        STALE,
        /** A generation older than the peer's current one: "attempted replay attack". */
        REPLAY
    }

    public SequenceVerdict {
        newlyMissing = List.copyOf(newlyMissing);
    }

    static SequenceVerdict of(Action action) {
        return new SequenceVerdict(action, false, false, false, List.of(), false, 0);
    }

    /** Whether the message should be processed. */
    public boolean keep() {
        return action == Action.KEEP;
    }
}
