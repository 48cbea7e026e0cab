package org.jvs.heartbeat.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The sending side of the retransmission protocol: the last {@link #CAPACITY} sequenced datagrams
 * we sent, kept as sent so a retransmission is byte-identical. A request is answered by resending
 * each asked-for message not already resent within max_rexmit_delay - 10 ms, at most
 * {@link #MAX_BATCH} per request, and by a {@code NS_nak_rexmit} ("irretrievably lost") for one no
 * longer held. Time is passed in; not thread-safe.
 */
public final class TransmitHistory {
    /** heartbeat's MAXMSGHIST. */
    public static final int CAPACITY = 500;
    /** heartbeat's MAX_REXMIT_BATCH. */
    public static final int MAX_BATCH = 50;

    /** What to send in answer to a request: datagrams to resend and naks to send. */
    public record Answer(List<byte[]> resend, List<Message> naks) {
    }

    private final long[] seqs = new long[CAPACITY];
    private final byte[][] datagrams = new byte[CAPACITY][];
    private final long[] lastResentNs = new long[CAPACITY];
    private final boolean[] resent = new boolean[CAPACITY];
    private final long minResendGapNs;
    private long lowSeq;
    private long highSeq;

    /** @param maxRexmitDelayMs ha.cf max_rexmit_delay */
    public TransmitHistory(long maxRexmitDelayMs) {
        this.minResendGapNs = Math.max(0, maxRexmitDelayMs - 10) * 1_000_000L;
    }

    /** Remembers a sequenced datagram just sent. */
    public void add(long seq, byte[] datagram) {
        int slot = (int) (seq % CAPACITY);
        seqs[slot] = seq;
        datagrams[slot] = datagram;
        resent[slot] = false;
        highSeq = Math.max(highSeq, seq);
        lowSeq = Math.max(lowSeq, highSeq - CAPACITY);
    }

    /** Answers {@code node}'s request for {@code [first, last]}. */
    public Answer answer(String node, long first, long last, long nowNs) {
        List<byte[]> resend = new ArrayList<>();
        List<Message> naks = new ArrayList<>();
        if (first <= 0 || last < first) {
            return new Answer(resend, naks);
        }
        for (long seq = first; seq <= last && seq <= highSeq; seq++) {
            if (seq <= lowSeq) {
                naks.add(nak(node, seq, "seqno too low"));
                continue;
            }
            int slot = (int) (seq % CAPACITY);
            if (datagrams[slot] == null || seqs[slot] != seq) {
                naks.add(nak(node, seq, "seqno not found"));
                continue;
            }
            if (resent[slot] && nowNs - lastResentNs[slot] < minResendGapNs) {
                continue;
            }
            if (resend.size() == MAX_BATCH) {
                break;
            }
            resent[slot] = true;
            lastResentNs[slot] = nowNs;
            resend.add(datagrams[slot]);
        }
        return new Answer(resend, naks);
    }

    /** heartbeat's {@code NS_nak_rexmit}: firstseq in hex, the reason in {@code info}. */
    static Message nak(String node, long seq, String reason) {
        return Message.strings(Message.F_TYPE, "NS_nak_rexmit", Message.F_FIRSTSEQ, Long.toHexString(seq),
                Message.F_TO, node, Message.F_COMMENT, reason);
    }
}
