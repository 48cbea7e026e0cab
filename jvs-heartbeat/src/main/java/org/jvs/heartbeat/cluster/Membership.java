package org.jvs.heartbeat.cluster;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jvs.heartbeat.config.HaConfig;
import org.jvs.heartbeat.config.PingNode;
import org.jvs.heartbeat.wire.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node table and heartbeat's membership rules: status messages keep a node alive, a node (or a
 * link) silent for longer than its dead time (initdead until communications are up, deadping for
 * ping nodes, otherwise the {@code dt} the node advertises) is dead, and late heartbeats are
 * logged as heartbeat logs them. Time is passed in. Not thread-safe (conductor only).
 */
final class Membership {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    /** What membership changes mean to the rest of the node. */
    interface Events {
        /** A node (or ping node) was declared dead. */
        void nodeDied(NodeState n);

        /** A node's status changed (ping nodes included). */
        void statusChanged(NodeState n);

        /** One medium stopped hearing a node. */
        void linkDied(NodeState n);
    }

    private final Map<String, NodeState> nodes = new LinkedHashMap<>();
    private final NodeState self;
    private final long deadtimeNs;
    private final long warntimeNs;
    private final long initdeadNs;
    private final Events events;

    Membership(HaConfig cfg, RandomGenerator random, Events events) {
        this.deadtimeNs = TimeUnit.MILLISECONDS.toNanos(cfg.deadtimeMs());
        this.warntimeNs = TimeUnit.MILLISECONDS.toNanos(cfg.warntimeMs());
        this.initdeadNs = TimeUnit.MILLISECONDS.toNanos(cfg.initdeadMs());
        this.events = events;
        for (String n : cfg.nodes()) {
            nodes.put(n, new NodeState(n, false, deadtimeNs, 0, random.nextInt(10)));
        }
        long deadpingNs = TimeUnit.MILLISECONDS.toNanos(cfg.deadpingMs());
        for (PingNode p : cfg.pingNodes()) {
            nodes.put(p.name(), new NodeState(p.name(), true, deadpingNs, 0, 0));
        }
        this.self = nodes.get(cfg.localNode());
    }

    NodeState self() {
        return self;
    }

    /** The node of this name, or null. */
    NodeState node(String name) {
        return nodes.get(name);
    }

    Collection<NodeState> all() {
        return nodes.values();
    }

    /** Every dead timer starts now (at start-up, and after our own process was stalled). */
    void restartTimers(long nowNs) {
        for (NodeState n : nodes.values()) {
            n.lastStatusNs = nowNs;
            for (NodeState.Link l : n.links.values()) {
                l.lastNs = nowNs;
            }
        }
    }

    /** heartbeat's HBDoMsg_T_STATUS. */
    void onStatus(NodeState node, Message m, long msgtime, long seq, long nowNs) {
        String status = m.get(Message.F_STATUS).orElse(null);
        if (status == null) {
            LOG.error("HBDoMsg_T_STATUS: status update without st field");
            return;
        }
        if (msgtime < node.remoteLastUpdate && seq < node.statusSeq) {
            return;
        }
        if (node != self && node.lastStatusKnown) {
            long interval = nowNs - node.lastStatusNs;
            if (interval > deadtimeNs) {
                LOG.error("Late heartbeat: Node {}: interval {} ms (> deadtime)", node.name,
                        TimeUnit.NANOSECONDS.toMillis(interval));
                markDead(node);
            } else if (interval > warntimeNs) {
                LOG.warn("Late heartbeat: Node {}: interval {} ms", node.name, TimeUnit.NANOSECONDS.toMillis(interval));
            }
        }
        if (node != self && !status.equalsIgnoreCase(node.status)) {
            LOG.info("Status update for node {}: status {}", node.name, status);
            node.status = status;
            events.statusChanged(node);
        }
        m.get(Message.F_DT).map(ClusterNode::parseHex).filter(ms -> ms > 0)
                .ifPresent(ms -> node.deadtimeNs = TimeUnit.MILLISECONDS.toNanos(ms));
        node.remoteLastUpdate = msgtime;
        node.lastStatusNs = nowNs;
        node.lastStatusKnown = true;
        node.statusSeq = seq;
        node.sequence.acceptedStatus(seq);
    }

    /** A ping node answered. */
    void onPingReply(NodeState n, long nowNs) {
        n.anyPacketsYet = true;
        n.lastStatusNs = nowNs;
        if (!n.status.equals(NodeState.PING)) {
            LOG.info("Status update for node {}: status {}", n.name, NodeState.PING);
            n.status = NodeState.PING;
            events.statusChanged(n);
        }
    }

    /** A node restarted (a new generation): forget what we knew of its last run. */
    void generationChanged(NodeState n) {
        n.lastStatusKnown = false;
        n.remoteLastUpdate = 0;
        n.statusSeq = 0;
        n.hasResources = true;
    }

    /** heartbeat's check_for_timeouts: nodes and links silent for longer than their dead time die. */
    void checkForTimeouts(long nowNs, boolean commUp) {
        for (NodeState n : nodes.values()) {
            if (n != self && !n.isDead() && nowNs - n.lastStatusNs > (commUp ? n.deadtimeNs : initdeadNs)) {
                markDead(n);
            }
        }
        for (NodeState n : nodes.values()) {
            if (n == self) {
                continue;
            }
            long dead = commUp ? n.deadtimeNs : initdeadNs;
            for (Map.Entry<String, NodeState.Link> e : n.links.entrySet()) {
                NodeState.Link l = e.getValue();
                if (l.status.equals(NodeState.UP) && nowNs - l.lastNs > dead) {
                    l.status = NodeState.DEAD;
                    LOG.info("Link {}:{} {}.", n.name, e.getKey(), l.status);
                    events.linkDied(n);
                }
            }
        }
    }

    /** A packet from {@code node} arrived on {@code medium} (null: our own loopback). */
    void touchLink(NodeState node, String medium, long nowNs) {
        if (medium == null) {
            return;
        }
        NodeState.Link l = node.links.get(medium);
        if (l == null) {
            l = new NodeState.Link();
            node.links.put(medium, l);
            LOG.info("Link {}:{} {}.", node.name, medium, l.status);
        } else if (!l.status.equals(NodeState.UP)) {
            l.status = NodeState.UP;
            LOG.info("Link {}:{} {}.", node.name, medium, l.status);
        }
        l.lastNs = nowNs;
    }

    /** heartbeat's mark_node_dead. */
    void markDead(NodeState n) {
        LOG.warn("node {}: is dead", n.name);
        n.status = NodeState.DEAD;
        events.nodeDied(n);
        n.remoteLastUpdate = 0;
        n.anyPacketsYet = false;
        n.sequence.reset();
    }

    /** heartbeat's check_comm_isup condition: every node heard from or declared dead. */
    boolean allHeardFrom() {
        return nodes.values().stream().allMatch(n -> n.anyPacketsYet || n.isDead());
    }

    int count(boolean ping, String status) {
        return (int) nodes.values().stream().filter(n -> n.ping == ping && n.status.equals(status)).count();
    }

    Map<String, String> statuses() {
        Map<String, String> st = new LinkedHashMap<>();
        nodes.values().forEach(n -> st.put(n.name, n.status));
        return st;
    }

    Map<String, Map<String, String>> links() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (NodeState n : nodes.values()) {
            Map<String, String> l = new LinkedHashMap<>();
            n.links.forEach((medium, link) -> l.put(medium, link.status));
            out.put(n.name, l);
        }
        return out;
    }
}
