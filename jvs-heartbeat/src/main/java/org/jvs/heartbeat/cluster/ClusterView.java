package org.jvs.heartbeat.cluster;

import java.util.Map;

/**
 * A snapshot of a node's view of the cluster, for {@code jvs heartbeat status}. Immutable.
 *
 * @param localNode     our name
 * @param localStatus   our status (init, up, active)
 * @param resources     what we hold: none, local, foreign, all, or transition
 * @param held          the set we hold (ResourceSet bits)
 * @param nodes         every node and ping node with its status, in configuration order
 * @param links         per node, each medium's link status
 * @param generation    our heartbeat generation
 * @param drops         datagrams dropped, by reason (bad authentication, replays...)
 */
public record ClusterView(String localNode, String localStatus, String resources, int held,
                          Map<String, String> nodes, Map<String, Map<String, String>> links, long generation,
                          Map<String, Long> drops) {
    public ClusterView {
        nodes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(nodes));
        links = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(links));
        drops = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(drops));
    }
}
