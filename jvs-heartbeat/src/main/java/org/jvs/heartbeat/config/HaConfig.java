package org.jvs.heartbeat.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The validated contents of ha.cf: every value resolved to heartbeat's defaults, times in
 * milliseconds. Built only by {@link HaCfParser}. Immutable and thread-safe.
 *
 * @param file             the file it was read from
 * @param localNode        this node's name (uname -n or /etc/ha.d/nodeinfo, lower-cased)
 * @param nodes            cluster nodes in declaration order, lower-cased, including the local one
 * @param keepaliveMs      interval between our heartbeats
 * @param deadtimeMs       silence after which a node is declared dead
 * @param warntimeMs       silence after which a "Late heartbeat" warning is logged
 * @param initdeadMs       dead time used until every node has been heard from after start-up
 * @param deadpingMs       dead time for ping nodes
 * @param udpPort          the udpport in effect at the end of the file
 * @param media            communication media in file order
 * @param autoFailback     on, off or legacy
 * @param pingNodes        ping nodes and ping groups
 * @param respawns         respawn and failfast children
 * @param logfile          the logfile directive, if any
 * @param debugfile        the debugfile directive, if any
 * @param logfacility      the logfacility directive, if any
 * @param hopfudge         added to the node count to make the ttl field
 * @param messageFormat    msgfmt
 * @param maxRexmitDelayMs upper bound of the random delay before a retransmission request
 * @param warnings         non-fatal findings, worded as heartbeat words them
 */
public record HaConfig(
        Path file,
        String localNode,
        List<String> nodes,
        long keepaliveMs,
        long deadtimeMs,
        long warntimeMs,
        long initdeadMs,
        long deadpingMs,
        int udpPort,
        List<Medium> media,
        AutoFailback autoFailback,
        List<PingNode> pingNodes,
        List<Respawn> respawns,
        Optional<String> logfile,
        Optional<String> debugfile,
        Optional<String> logfacility,
        int hopfudge,
        MessageFormat messageFormat,
        long maxRexmitDelayMs,
        List<String> warnings) {

    public HaConfig {
        nodes = List.copyOf(nodes);
        media = List.copyOf(media);
        pingNodes = List.copyOf(pingNodes);
        respawns = List.copyOf(respawns);
        warnings = List.copyOf(warnings);
    }

    /** The other cluster nodes (not ping nodes). */
    public List<String> peers() {
        return nodes.stream().filter(n -> !n.equals(localNode)).toList();
    }

    /** The value of the ttl field heartbeat puts on every message. */
    public int ttl() {
        return hopfudge + nodes.size() + pingNodes.size();
    }

    /** Whether ipfail runs (a respawn line names it); jvs runs its built-in equivalent. */
    public boolean ipfail() {
        return respawns.stream().anyMatch(Respawn::isIpfail);
    }
}
