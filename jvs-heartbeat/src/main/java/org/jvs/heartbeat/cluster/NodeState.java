package org.jvs.heartbeat.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jvs.heartbeat.wire.PeerSequence;

/**
 * What we know about one node of the cluster (or one ping node): its status as heartbeat names it
 * (init, up, active, dead, ping), when its last heartbeat arrived on our monotonic clock, the dead
 * time it asked us to use, sequence tracking and per-medium link status. Not thread-safe
 * (conductor only).
 */
final class NodeState {
    static final String INIT = "init";
    static final String UP = "up";
    static final String ACTIVE = "active";
    static final String DEAD = "dead";
    static final String PING = "ping";

    /** One medium's view of the node. */
    static final class Link {
        String status = UP;
        long lastNs;
    }

    final String name;
    final boolean ping;
    String status = INIT;
    /** When the last status message arrived (monotonic). */
    long lastStatusNs;
    /** False between a new generation being seen and its first status being processed. */
    boolean lastStatusKnown = true;
    /** The sender's wall-clock seconds of its last status message. */
    long remoteLastUpdate;
    long statusSeq;
    long deadtimeNs;
    boolean anyPacketsYet;
    boolean hasResources = true;
    final int ackTrigger;
    final PeerSequence sequence = new PeerSequence();
    final Map<String, Link> links = new LinkedHashMap<>();

    NodeState(String name, boolean ping, long deadtimeNs, long nowNs, int ackTrigger) {
        this.name = name;
        this.ping = ping;
        this.deadtimeNs = deadtimeNs;
        this.lastStatusNs = nowNs;
        this.ackTrigger = ackTrigger;
    }

    boolean isDead() {
        return status.equals(DEAD);
    }

    boolean isUpOrActive() {
        return status.equals(UP) || status.equals(ACTIVE);
    }
}
