package org.jvs.heartbeat.cluster;

import java.util.concurrent.TimeUnit;
import org.jvs.heartbeat.config.AutoFailback;
import org.jvs.heartbeat.config.HaConfig;
import org.jvs.heartbeat.wire.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in equivalent of heartbeat's ipfail client: whenever reachability changes (a ping node
 * comes or goes, a link dies, the peer joins) the nodes compare how many ping nodes each can reach
 * ({@code num_ping_nodes}); the one that sees fewer gives its resources up after twice the keepalive
 * ({@code hb_standby all}), the other tells it so ({@code you_are_dead}), and a balanced count aborts
 * a pending give-up ({@code abort_giveup}). It needs a working heartbeat path to the peer: when every
 * medium is cut, both nodes take over (split brain, as with heartbeat v1). Not thread-safe
 * (conductor only).
 */
final class Ipfail {
    private static final Logger LOG = LoggerFactory.getLogger(Ipfail.class);

    private final ClusterNode node;
    private final ResourceCoordinator coordinator;
    private final String peer;
    private final String localNode;
    private final boolean autoFailback;
    private final long delayNs;
    private long giveupAtNs;
    private String giveupSet;

    Ipfail(ClusterNode node, ResourceCoordinator coordinator, HaConfig cfg) {
        this.node = node;
        this.coordinator = coordinator;
        this.peer = cfg.peers().isEmpty() ? null : cfg.peers().get(0);
        this.localNode = cfg.localNode();
        this.autoFailback = cfg.autoFailback() == AutoFailback.ON;
        this.delayNs = TimeUnit.MILLISECONDS.toNanos(2 * cfg.keepaliveMs());
    }

    void onCommUp() {
        askPingNodes();
    }

    /** A node's status changed; for a ping node that is also its link going up or down. */
    void onNodeStatus(String name, boolean ping, String status) {
        if (ping) {
            LOG.info(status.equals(NodeState.DEAD) ? "Link {} now has status dead" : "A ping node just came up.",
                    name);
            askPingNodes();
        } else if (status.equals(NodeState.DEAD)) {
            LOG.info(node.pingNodesUp() > 0 ? "NS: We are still alive!" : "NS: We are dead. :<");
        }
    }

    void onLinkDead(String name) {
        askPingNodes();
    }

    void onMessage(Message m) {
        if (!m.get(Message.F_TO).map(localNode::equals).orElse(false)) {
            return;
        }
        switch (m.type()) {
            case "num_ping_nodes" -> {
                int mine = node.pingNodesUp();
                int theirs = (int) Math.min(Integer.MAX_VALUE, digits(m.get("num_ping").orElse("0")));
                if (mine > theirs) {
                    LOG.info("Telling other node that we have more visible ping nodes.");
                    toPeer(Message.strings(Message.F_TYPE, "you_are_dead"));
                } else if (mine < theirs) {
                    LOG.info("Giving up because we have less visible ping nodes.");
                    delayGiveup("all");
                } else {
                    LOG.info("Ping node count is balanced.");
                    toPeer(Message.strings(Message.F_TYPE, "abort_giveup"));
                    if (giveupAtNs != 0) {
                        abortGiveup();
                    } else if (autoFailback && coordinator.stable() && (coordinator.held() & ResourceSet.FOREIGN) != 0) {
                        LOG.info("Giving up foreign resources (auto_failback).");
                        delayGiveup("foreign");
                    }
                }
            }
            case "you_are_dead" -> {
                LOG.info("Giving up because we were told that we have less ping nodes.");
                delayGiveup("all");
            }
            case "abort_giveup" -> abortGiveup();
            default -> {
            }
        }
    }

    void onTick(long nowNs) {
        if (giveupAtNs != 0 && nowNs - giveupAtNs >= 0) {
            giveupAtNs = 0;
            LOG.info("giveup() called (timeout worked)");
            coordinator.requestStandby(giveupSet);
        }
    }

    private void askPingNodes() {
        if (peer == null) {
            return;
        }
        LOG.info("Asking other side for ping node count.");
        toPeer(Message.strings(Message.F_TYPE, "num_ping_nodes", "num_ping", Integer.toString(node.pingNodesUp())));
    }

    private void delayGiveup(String set) {
        LOG.info("Delayed giveup in {} seconds.", TimeUnit.NANOSECONDS.toSeconds(delayNs));
        giveupAtNs = node.nowNs() + delayNs;
        giveupSet = set;
    }

    private void abortGiveup() {
        if (giveupAtNs != 0) {
            LOG.info("Aborted delayed giveup");
            giveupAtNs = 0;
        } else {
            LOG.info("No giveup timer to abort.");
        }
    }

    private void toPeer(Message m) {
        node.send(m.with(Message.F_TO, peer));
    }

    private static long digits(String s) {
        long v = 0;
        for (int i = 0; i < s.length() && i < 9 && Character.isDigit(s.charAt(i)); i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
