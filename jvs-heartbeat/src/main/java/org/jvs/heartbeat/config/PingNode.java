package org.jvs.heartbeat.config;

import java.util.List;

/**
 * A ping pseudo-node: {@code ping ADDR} makes one per address (named by the address);
 * {@code ping_group NAME ADDR...} makes one named NAME that is up while any member answers.
 * Immutable.
 */
public record PingNode(String name, List<String> addresses, boolean group) {
    public PingNode {
        addresses = List.copyOf(addresses);
    }
}
