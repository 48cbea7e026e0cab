package org.jvs.heartbeat.cluster;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.jvs.heartbeat.wire.Decoded;
import org.jvs.heartbeat.wire.Field;
import org.jvs.heartbeat.wire.Message;
import org.jvs.heartbeat.wire.PeerSequence;
import org.jvs.heartbeat.wire.RetransmitRequests;
import org.jvs.heartbeat.wire.SequenceVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks every message from a peer passes before it is processed, as heartbeat's
 * {@code should_drop_message}: addressing, generation (replays dropped, restarts noticed),
 * sequence (duplicates from several media dropped, gaps requested again, acknowledgements sent),
 * plus the count of datagrams that failed to decode or authenticate. Not thread-safe (conductor
 * only).
 */
final class Inbound {
    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);
    private static final long BAD_PACKET_LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);
    /** heartbeat acknowledges one message in ten, each node at its own offset. */
    private static final int ACK_DIVISOR = 10;

    /** What the checks can ask of the node. */
    interface Actions {
        void send(Message m);

        /** A node we declared dead talks again without having restarted. */
        void partitionHealed(NodeState n);
    }

    private final Membership membership;
    private final String localNode;
    private final byte[] localUuid;
    private final RetransmitRequests rexmit;
    private final Actions actions;
    private final Map<Decoded.Reason, Long> badPackets = new EnumMap<>(Decoded.Reason.class);
    private final Map<Decoded.Reason, Long> badPacketLoggedNs = new EnumMap<>(Decoded.Reason.class);
    private long replays;

    Inbound(Membership membership, String localNode, byte[] localUuid, long maxRexmitDelayMs, RandomGenerator random,
            Actions actions) {
        this.membership = membership;
        this.localNode = localNode;
        this.localUuid = localUuid.clone();
        this.rexmit = new RetransmitRequests(maxRexmitDelayMs, random);
        this.actions = actions;
    }

    /** Whether the message from {@code node} should be processed. */
    boolean accept(NodeState node, Message m, long seq, String medium, long nowNs) {
        String type = m.type();
        boolean toUs = addressedToUs(m);
        if (seq == 0) {
            if (type.equalsIgnoreCase("NS_nak_rexmit")) {
                long lost = ClusterNode.parseHex(m.get(Message.F_FIRSTSEQ).orElse(""));
                if (lost > 0 && toUs) {
                    LOG.error("Irretrievably lost packet: node {} seq {}", node.name, lost);
                    rexmit.cancel(node.name, lost);
                }
                return false;
            }
            membership.touchLink(node, medium, nowNs);
            return toUs;
        }
        long gen = m.get(Message.F_HBGENERATION).map(ClusterNode::parseHex).orElse(0L);
        if (gen < 0) {
            LOG.error("should_drop_message: bad generation number from {}", node.name);
            return false;
        }
        SequenceVerdict v = node.sequence.classify(seq, gen, type.equalsIgnoreCase("status"), toUs, node.isDead());
        if (v.action() == SequenceVerdict.Action.REPLAY) {
            replays++;
            LOG.error("should_drop_message: attempted replay attack [{}]? [gen = {}, curgen = {}]", node.name, gen,
                    node.sequence.generation());
            return false;
        }
        if (v.generationChanged()) {
            if (v.restarted()) {
                LOG.info("Heartbeat restart on node {}", node.name);
            }
            membership.generationChanged(node);
            rexmit.cancelAll(node.name);
        }
        if (v.healedPartition()) {
            actions.partitionHealed(node);
        }
        if (v.lostCount() > 0) {
            LOG.warn("{} lost packet(s) for [{}] [{}:{}]", v.lostCount(), node.name, seq - v.lostCount() - 1, seq);
            if (v.lostCount() > PeerSequence.FLOWCONTROL_LIMIT) {
                LOG.error("lost a lot of packets!");
            }
        }
        for (long missing : v.newlyMissing()) {
            rexmit.schedule(node.name, missing, nowNs);
        }
        if (v.filledGap()) {
            rexmit.cancel(node.name, seq);
        }
        switch (v.action()) {
            case KEEP -> {
                membership.touchLink(node, medium, nowNs);
                if (seq % ACK_DIVISOR == node.ackTrigger && v.newlyMissing().isEmpty()) {
                    actions.send(Message.strings(Message.F_TYPE, "NS_ackmsg", Message.F_TO, node.name,
                            Message.F_ACKSEQ, Long.toHexString(seq)));
                }
                return true;
            }
            case DUPLICATE -> {
                membership.touchLink(node, medium, nowNs);
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private boolean addressedToUs(Message m) {
        Optional<Field> touuid = m.field(Message.F_TOUUID);
        if (touuid.isPresent() && touuid.get().type() == Field.BINARY) {
            return Arrays.equals(touuid.get().bytes(), localUuid);
        }
        return m.get(Message.F_TO).map(localNode::equals).orElse(true);
    }

    /** Sends the retransmission requests now due, to nodes still up. */
    void sendDueRequests(long nowNs, Consumer<Message> send) {
        for (Message req : rexmit.due(nowNs)) {
            String to = req.get(Message.F_TO).orElse("");
            NodeState n = membership.node(to);
            if (n != null && n.isUpOrActive()) {
                send.accept(req);
            } else {
                rexmit.cancelAll(to);
            }
        }
    }

    /** Stops asking {@code node} for anything (it died). */
    void forget(String node) {
        rexmit.cancelAll(node);
    }

    /** A datagram that did not decode or authenticate: counted, logged at most every ten seconds. */
    void rejected(Decoded.Rejected r, String medium, long nowNs) {
        badPackets.merge(r.reason(), 1L, Long::sum);
        Long last = badPacketLoggedNs.get(r.reason());
        if (last == null || nowNs - last > BAD_PACKET_LOG_INTERVAL_NS) {
            badPacketLoggedNs.put(r.reason(), nowNs);
            LOG.warn("Dropped a bad packet on {} ({}): {} [{} so far]", medium, r.reason(), r.detail(),
                    badPackets.get(r.reason()));
        }
    }

    /** Datagrams dropped so far, by reason. */
    Map<String, Long> dropCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        badPackets.forEach((r, c) -> out.put(r.name(), c));
        if (replays > 0) {
            out.put("REPLAY", replays);
        }
        return out;
    }
}
