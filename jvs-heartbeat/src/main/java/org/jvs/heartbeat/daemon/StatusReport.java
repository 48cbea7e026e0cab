package org.jvs.heartbeat.daemon;

import java.util.Map;
import java.util.function.Predicate;
import org.jvs.heartbeat.cluster.ClusterView;
import org.jvs.heartbeat.config.HeartbeatConfig;
import org.jvs.heartbeat.config.ResourceGroup;

/**
 * The text of {@code jvs heartbeat status}: the init script's first line, then every node with its
 * status and links, then every resource group with whether it runs here (asked of the resources
 * themselves, as {@code ResourceManager status} does). Stateless.
 */
final class StatusReport {
    private StatusReport() {
    }

    static String render(ClusterView v, HeartbeatConfig config, Predicate<String> runningHere) {
        StringBuilder out = new StringBuilder();
        out.append("heartbeat OK [pid ").append(ProcessHandle.current().pid()).append(" et al] is running on ")
                .append(v.localNode()).append(" [").append(v.localNode()).append("]...\n");
        out.append("Generation ").append(v.generation()).append(", resources held: ").append(v.resources())
                .append('\n');
        for (Map.Entry<String, String> n : v.nodes().entrySet()) {
            boolean ping = config.haCf().pingNodes().stream().anyMatch(p -> p.name().equals(n.getKey()));
            out.append(ping ? "Ping node " : "Node ").append(n.getKey()).append(": ")
                    .append(n.getKey().equals(v.localNode()) ? v.localStatus() + " (local)" : n.getValue())
                    .append('\n');
            v.links().getOrDefault(n.getKey(), Map.of()).forEach((medium, status) -> out.append("  Link ")
                    .append(n.getKey()).append(':').append(medium).append(' ').append(status).append('\n'));
        }
        if (!v.drops().isEmpty()) {
            out.append("Dropped packets:");
            v.drops().forEach((reason, count) -> out.append(' ').append(reason).append('=').append(count));
            out.append('\n');
        }
        for (ResourceGroup g : config.resources().groups()) {
            out.append("Resource group ").append(g.key()).append(" (preferred ").append(g.node()).append("): ")
                    .append(runningHere.test(g.key()) ? "running here" : "not running here").append('\n');
        }
        return out.toString();
    }
}
