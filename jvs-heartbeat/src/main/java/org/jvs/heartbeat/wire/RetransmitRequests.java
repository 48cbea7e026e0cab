package org.jvs.heartbeat.wire;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The receiving side of heartbeat's retransmission protocol: each missing (node, seq) is asked for
 * after a random delay within [50 ms, max_rexmit_delay] (so that a packet merely arriving out of
 * order or over a slower medium is not requested), then again every max_rexmit_delay until it
 * arrives or the node stops being up. Requests are {@code t=NS_rexmit dest=NODE firstseq=N
 * lastseq=N} with decimal numbers, as heartbeat sends them. Time is passed in; not thread-safe.
 */
public final class RetransmitRequests {
    /** One pending request. */
    public record Pending(String node, long seq) {
    }

    private final long maxDelayNs;
    private final RandomGenerator random;
    private final Map<Pending, Long> dueNs = new LinkedHashMap<>();

    /**
     * @param maxRexmitDelayMs ha.cf max_rexmit_delay
     * @param random           source of the initial jitter
     */
    public RetransmitRequests(long maxRexmitDelayMs, RandomGenerator random) {
        this.maxDelayNs = maxRexmitDelayMs * 1_000_000L;
        this.random = random;
    }

    /** Starts asking for {@code seq} from {@code node}. */
    public void schedule(String node, long seq, long nowNs) {
        long maxMs = maxDelayNs / 1_000_000L;
        long minMs = maxMs < 100 ? 0 : 50;
        long delayMs = minMs + (maxMs > minMs ? random.nextLong(maxMs - minMs + 1) : 0);
        dueNs.putIfAbsent(new Pending(node, seq), nowNs + delayMs * 1_000_000L);
    }

    /** The message arrived: stop asking. */
    public void cancel(String node, long seq) {
        dueNs.remove(new Pending(node, seq));
    }

    /** Stops asking {@code node} for anything (it died or restarted). */
    public void cancelAll(String node) {
        dueNs.keySet().removeIf(p -> p.node().equals(node));
    }

    /** The requests due at {@code nowNs}; each is rescheduled one max_rexmit_delay later. */
    public List<Message> due(long nowNs) {
        List<Message> out = new ArrayList<>();
        for (Iterator<Map.Entry<Pending, Long>> it = dueNs.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Pending, Long> e = it.next();
            if (e.getValue() - nowNs <= 0) {
                Pending p = e.getKey();
                out.add(request(p.node(), p.seq()));
                e.setValue(nowNs + maxDelayNs);
            }
        }
        return out;
    }

    /** How many requests are outstanding. */
    public int size() {
        return dueNs.size();
    }

    /** The request heartbeat sends for one missing message. */
    public static Message request(String node, long seq) {
        return Message.strings(Message.F_TYPE, "NS_rexmit", Message.F_TO, node,
                Message.F_FIRSTSEQ, Long.toString(seq), Message.F_LASTSEQ, Long.toString(seq));
    }
}
