package org.jvs.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;

/**
 * The tutorial's one-segment LVS cluster in network namespaces: a client, a director holding the VIP
 * on its eth0 next to its DIP, and two real servers rs1 and rs2 each running a web server, all on one
 * switch, with no route out. Closing it removes every namespace and process.
 */
final class LvsLab implements AutoCloseable {
    /** The settings a real server changes on {@code all} and eth0, to compare before and after. */
    private static final List<String> SETTINGS = List.of("arp_ignore", "arp_announce", "rp_filter");

    final NetLab lab;
    final Host client;
    final Host director;
    final Host rs1;
    final Host rs2;
    final Path rs1Log;
    final Path rs2Log;

    private LvsLab(NetLab lab, Host client, Host director, Host rs1, Host rs2, Path rs1Log, Path rs2Log) {
        this.lab = lab;
        this.client = client;
        this.director = director;
        this.rs1 = rs1;
        this.rs2 = rs2;
        this.rs1Log = rs1Log;
        this.rs2Log = rs2Log;
    }

    /**
     * Builds the cluster on the /24 {@code net} ("192.168.122."): hosts .{@code client}, .{@code dip},
     * .{@code rip1} and .{@code rip2}.
     */
    static LvsLab build(String prefix, String net, int client, int dip, int rip1, int rip2, String vip, Path work)
            throws IOException, InterruptedException {
        NetLab lab = NetLab.create(prefix);
        try {
            Host lan = lab.switchHost("lan");
            Host c = lab.host("client");
            Host d = lab.host("director");
            Host r1 = lab.host("rs1");
            Host r2 = lab.host("rs2");
            lab.attach(lan, c, "eth0", net + client + "/24");
            lab.attach(lan, d, "eth0", net + dip + "/24");
            d.run("ip", "addr", "add", vip + "/24", "dev", "eth0");
            lab.attach(lan, r1, "eth0", net + rip1 + "/24");
            lab.attach(lan, r2, "eth0", net + rip2 + "/24");
            return new LvsLab(lab, c, d, r1, r2, WebServers.serve(r1, work), WebServers.serve(r2, work));
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** The ARP and reverse-path settings of {@code all} and eth0 on {@code host}, as sysctl prints them. */
    static String settings(Host host) throws IOException {
        List<String> keys = new java.util.ArrayList<>();
        for (String device : List.of("all", "eth0")) {
            for (String s : SETTINGS) {
                keys.add("net.ipv4.conf." + device + "." + s);
            }
        }
        List<String> command = new java.util.ArrayList<>(List.of("sysctl"));
        command.addAll(keys);
        return host.run(command.toArray(String[]::new));
    }

    /** The MAC address of {@code host}'s eth0. */
    static String mac(Host host) throws IOException {
        // Not from /sys: nsenter --net keeps the caller's sysfs, which shows the caller's namespace.
        return host.run("ip", "-o", "link", "show", "eth0").replaceAll("(?s).*link/ether (\\S+).*", "$1");
    }

    /** Asserts the answers came from rs1 and rs2 by turns, as {@code -s rr} hands out connections. */
    static void assertAlternate(List<String> answers) {
        assertThat(answers).containsOnly("rs1", "rs2");
        for (int i = 1; i < answers.size(); i++) {
            assertThat(answers.get(i)).as("answer %d of %s", i, answers).isNotEqualTo(answers.get(i - 1));
        }
    }

    /** Asserts that {@code host} holds {@code vip} on no interface any more. */
    static void assertVipGone(Host host, String vip) throws IOException {
        assertThat(host.run("ip", "-o", "-4", "addr", "show")).doesNotContain(" " + vip + "/");
    }

    @Override
    public void close() {
        lab.close();
    }
}
