package org.jvs.realserver;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The nftables table that keeps this host's kernel away from the tunnel packets jvs decapsulates.
 * Without the ipip module (ip6_tunnel for IPv6, gre for GRE, fou for GUE) the kernel answers each tunnel packet with ICMP protocol
 * unreachable (each GUE packet with port unreachable) to the director. A packet socket sees frames
 * before the IP layer, so dropping them at the prerouting hook (raw priority) leaves jvs its copy while
 * the kernel's is gone, and on a host that does have tunl0 it keeps the kernel from delivering a
 * second copy. Only packets to this host's own addresses, arriving on the interfaces jvs reads, match:
 * tunnel traffic routed through the host is not touched. Each rule counts what it dropped
 * ({@code nft list table inet jvs-realserver}). Stateless.
 */
final class TunnelFilter {
    /** The nftables table jvs realserver owns; nothing else is touched. */
    static final String TABLE = "inet jvs-realserver";

    private TunnelFilter() {
    }

    /**
     * The script that installs (or atomically replaces, say after a crash) the table.
     *
     * @param interfaces the interfaces tunnel packets are received on
     * @param guePort    the GUE UDP port, or 0 for IPIP only
     */
    static String ruleset(List<String> interfaces, int guePort) {
        String on = interfaces.stream().map(name -> '"' + name + '"').collect(Collectors.joining(", ", "{ ", " }"));
        StringBuilder sb = new StringBuilder(removal());
        sb.append("table ").append(TABLE).append(" {\n");
        sb.append("  chain prerouting {\n");
        sb.append("    type filter hook prerouting priority raw; policy accept;\n");
        // IPIP (4), IPv6-in-IP (41) and GRE (47), over IPv4 or IPv6: l4proto looks past extension headers.
        for (int protocol : new int[] {4, 41, 47}) {
            sb.append("    iifname ").append(on).append(" meta l4proto ").append(protocol)
                    .append(" fib daddr type local counter drop\n");
        }
        if (guePort != 0) {
            sb.append("    iifname ").append(on).append(" udp dport ").append(guePort)
                    .append(" fib daddr type local counter drop\n");
        }
        sb.append("  }\n}\n");
        return sb.toString();
    }

    /** The script that removes the table, whether or not it exists. */
    static String removal() {
        // Declaring before deleting makes the deletion succeed when the table is not there.
        return "table " + TABLE + " {}\ndelete table " + TABLE + "\n";
    }
}
