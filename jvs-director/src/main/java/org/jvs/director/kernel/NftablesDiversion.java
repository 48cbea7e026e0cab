package org.jvs.director.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.VirtualService;

/**
 * Keeps the director's own kernel away from the packets jvs forwards. jvs reads frames from packet
 * sockets, which see them before the IP layer; without these rules the kernel would also answer
 * VIP traffic itself (a RST from a port nobody listens on) and, with ip_forward=1, forward NAT
 * replies un-rewritten. One nftables table, {@code inet jvs}, with a prerouting chain at raw
 * priority drops exactly: traffic to each virtual service, and replies from NAT real servers that
 * are not addressed to the director itself (so the director's own health checks still work).
 * Installed and replaced atomically, removed at stop. Not thread-safe: the control thread owns it.
 */
public final class NftablesDiversion implements AutoCloseable {
    /** The nftables table jvs owns; nothing else is touched. */
    public static final String TABLE = "inet jvs";
    /** The device through which the data plane hands packets to local real servers. */
    public static final String LOCAL_DEVICE = "jvs-local";

    private final List<String> nft;
    private boolean installed;

    /** @param nftCommand the nft command line prefix, e.g. {@code List.of("nft")} */
    public NftablesDiversion(List<String> nftCommand) {
        this.nft = List.copyOf(nftCommand);
    }

    /** The ruleset for these services (exposed for tests and for {@code --dry-run} output). */
    public static String ruleset(List<VirtualService> services) {
        Set<String> rules = new LinkedHashSet<>();
        for (VirtualService svc : services) {
            ServiceKey k = svc.key();
            if (k.isFwmark()) {
                continue;
            }
            String fam = k.address().isV4() ? "ip" : "ip6";
            String l4 = l4(k.protocol());
            String port = k.port() == 0 ? "" : " " + l4 + " dport " + k.port();
            rules.add(fam + " daddr " + k.address() + " meta l4proto " + l4 + port + " drop");
            for (RealServer d : svc.destinations()) {
                if (d.method() != ForwardingMethod.MASQ) {
                    continue;
                }
                IpAddress a = d.address();
                String dfam = a.isV4() ? "ip" : "ip6";
                String sport = d.port() == 0 ? "" : " " + l4 + " sport " + d.port();
                rules.add(dfam + " saddr " + a + " meta l4proto " + l4 + sport + " fib daddr type != local drop");
            }
        }
        StringBuilder sb = new StringBuilder();
        // Declaring then deleting makes the replacement one idempotent transaction.
        sb.append("table ").append(TABLE).append(" {}\n");
        sb.append("delete table ").append(TABLE).append("\n");
        sb.append("table ").append(TABLE).append(" {\n");
        sb.append("  chain prerouting {\n");
        sb.append("    type filter hook prerouting priority raw; policy accept;\n");
        // What jvs itself delivers to this host's stack (local real servers) must get through.
        sb.append("    iifname \"").append(LOCAL_DEVICE).append("\" accept\n");
        for (String r : rules) {
            sb.append("    ").append(r).append('\n');
        }
        sb.append("  }\n}\n");
        return sb.toString();
    }

    private static String l4(Protocol p) {
        return switch (p) {
            case UDP -> "udp";
            case SCTP -> "sctp";
            default -> "tcp";
        };
    }

    /** Installs or replaces the rules for these services. */
    public void apply(List<VirtualService> services) throws IOException {
        run(ruleset(services));
        installed = true;
    }

    /** Removes the table if this object installed it. */
    @Override
    public void close() throws IOException {
        if (installed) {
            run("table " + TABLE + " {}\ndelete table " + TABLE + "\n");
            installed = false;
        }
    }

    private void run(String script) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(nft);
        cmd.add("-f");
        cmd.add("-");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("nft failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running nft", e);
        }
    }
}
