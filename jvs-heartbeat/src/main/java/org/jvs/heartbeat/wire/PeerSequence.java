package org.jvs.heartbeat.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Per-peer sequence and generation tracking, as heartbeat's {@code should_drop_message}: duplicates
 * (the same packet over several media) and replays of an older generation are dropped, a higher
 * generation in a status message is a restart, gaps are recorded so their retransmission can be
 * requested, and a burst of more than {@link #FLOWCONTROL_LIMIT} lost messages restarts tracking.
 * Not thread-safe (owned by the conductor).
 */
public final class PeerSequence {
    /** heartbeat's MAXMSGHIST/2: beyond this many lost messages tracking starts over. */
    public static final long FLOWCONTROL_LIMIT = 250;
    /** heartbeat's MAXMISSING: at most this many missing sequence numbers are remembered. */
    public static final int MAX_MISSING = 500;

    private long generation;
    private long lastSeq;
    private long statusSeq;
    private final TreeSet<Long> missing = new TreeSet<>();

    /**
     * Classifies a sequenced message.
     *
     * @param seq       its sequence number (positive)
     * @param gen       its generation (0 when absent)
     * @param isStatus  whether it is a {@code t=status} heartbeat
     * @param toUs      whether it is addressed to us or to everyone
     * @param peerDead  whether we currently hold the peer dead
     */
    public SequenceVerdict classify(long seq, long gen, boolean isStatus, boolean toUs, boolean peerDead) {
        boolean changed = false;
        boolean restarted = false;
        boolean healed = false;
        if (gen < generation) {
            return SequenceVerdict.of(SequenceVerdict.Action.REPLAY);
        }
        if (isStatus) {
            if (gen == generation && gen > 0 && peerDead) {
                if (seq <= statusSeq) {
                    return SequenceVerdict.of(SequenceVerdict.Action.STALE);
                }
                healed = true;
            } else if (gen > generation) {
                changed = true;
                restarted = generation > 0;
                reset();
                statusSeq = 0;
            }
            generation = gen;
        }
        SequenceVerdict.Action keep = toUs ? SequenceVerdict.Action.KEEP : SequenceVerdict.Action.NOT_FOR_US;
        if (lastSeq == 0 || seq == lastSeq + 1) {
            lastSeq = seq;
            return new SequenceVerdict(keep, changed, restarted, healed, List.of(), false, 0);
        }
        if (seq == lastSeq) {
            return new SequenceVerdict(SequenceVerdict.Action.DUPLICATE, changed, restarted, healed, List.of(), false, 0);
        }
        if (seq > lastSeq) {
            long lost = seq - (lastSeq + 1);
            if (lost > FLOWCONTROL_LIMIT) {
                reset();
                lastSeq = seq;
                return new SequenceVerdict(keep, changed, restarted, healed, List.of(), false, lost);
            }
            List<Long> gap = new ArrayList<>();
            for (long k = lastSeq + 1; k < seq; k++) {
                gap.add(k);
                missing.add(k);
                if (missing.size() > MAX_MISSING) {
                    missing.pollFirst();
                }
            }
            lastSeq = seq;
            return new SequenceVerdict(keep, changed, restarted, healed, gap, false, lost);
        }
        if (missing.remove(seq)) {
            return new SequenceVerdict(keep, changed, restarted, healed, List.of(), true, 0);
        }
        if (healed || restarted) {
            reset();
            lastSeq = seq;
            return new SequenceVerdict(keep, changed, restarted, healed, List.of(), false, 0);
        }
        return SequenceVerdict.of(SequenceVerdict.Action.STALE);
    }

    /** Records the sequence number of an accepted status message (for healed-partition checks). */
    public void acceptedStatus(long seq) {
        statusSeq = seq;
    }

    /** Forgets sequence state (the peer was declared dead); the generation is kept. */
    public void reset() {
        lastSeq = 0;
        missing.clear();
    }

    /** Whether {@code seq} is still awaited. */
    public boolean isMissing(long seq) {
        return missing.contains(seq);
    }

    /** The peer's generation as last seen in a status message (0 before any). */
    public long generation() {
        return generation;
    }

    /** The highest sequence number seen (0 before any). */
    public long lastSequence() {
        return lastSeq;
    }
}
