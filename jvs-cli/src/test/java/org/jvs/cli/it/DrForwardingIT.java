package org.jvs.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LVS tutorial's DR set-up: director 172.25.254.1 holding the VIP 172.25.254.100, real servers
 * 172.25.254.2 and .3 with the VIP on lo and ARP suppressed (arp_ignore=1, arp_announce=2), and a
 * client on the same segment. Replies go straight from the real servers to the client.
 */
@Tag("netns")
class DrForwardingIT {
    private static final String VIP = "172.25.254.100";
    private static final String VIP2 = "172.25.254.101";
    @TempDir
    static Path work;
    private static NetLab lab;
    private static Host client;
    private static Host directorHost;
    private static Host rs1Host;
    private static Host rs2Host;
    private static DirectorHost director;
    private static Path rs2Log;

    @BeforeAll
    static void buildTheTutorialNetwork() throws Exception {
        assumeTrue(NetLab.available(), "skipped: the LVS-DR tests build network namespaces and need root");
        lab = NetLab.create("jvsdr");
        Host lan = lab.switchHost("lan");
        client = lab.host("client");
        Host dir = lab.host("director");
        Host rs1 = lab.host("rs1");
        Host rs2 = lab.host("rs2");
        lab.attach(lan, client, "eth0", "172.25.254.10/24");
        lab.attach(lan, dir, "eth0", "172.25.254.1/24");
        dir.run("ip", "addr", "add", VIP + "/24", "dev", "eth0");
        dir.run("ip", "addr", "add", VIP2 + "/24", "dev", "eth0");
        directorHost = dir;
        lab.attach(lan, rs1, "eth0", "172.25.254.2/24");
        lab.attach(lan, rs2, "eth0", "172.25.254.3/24");
        for (Host rs : List.of(rs1, rs2)) {
            rs.run("ip", "addr", "add", VIP + "/32", "dev", "lo");
            rs.run("ip", "addr", "add", VIP2 + "/32", "dev", "lo");
            for (String dev : List.of("all", "eth0")) {
                rs.sysctl("net.ipv4.conf." + dev + ".arp_ignore", "1");
                rs.sysctl("net.ipv4.conf." + dev + ".arp_announce", "2");
            }
        }
        rs1Host = rs1;
        rs2Host = rs2;
        WebServers.serve(rs1, work);
        rs2Log = WebServers.serve(rs2, work);
        director = DirectorHost.start(dir, work);
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void roundRobinAlternatesAndRepliesBypassTheDirector() throws Exception {
        director.ipvsadm("-A", "-t", VIP + ":80", "-s", "rr");
        director.ipvsadm("-a", "-t", VIP + ":80", "-r", "172.25.254.2", "-g");
        director.ipvsadm("-a", "-t", VIP + ":80", "-r", "172.25.254.3", "-g");

        List<String> seq = WebServers.sequence(client, "http://" + VIP + "/", 6);

        assertThat(seq).containsExactly("rs2", "rs1", "rs2", "rs1", "rs2", "rs1");
        // The client resolved the VIP to the director, not to a real server.
        String neigh = client.run("ip", "neigh", "show", VIP);
        String link = directorHost.run("ip", "-o", "link", "show", "eth0");
        assertThat(neigh).contains(link.replaceAll("(?s).*link/ether (\\S+).*", "$1"));
        String stats = director.ipvsadm("-Ln", "--stats");
        assertThat(stats).containsPattern("TCP  172\\.25\\.254\\.100:80 +6 +\\d+ +0 +\\d+ +0");
        assertThat(Files.readString(rs2Log)).contains("172.25.254.10 - - ");
        // DR sees only the client's half: a client FIN leaves the entry in FIN_WAIT (input-only table).
        assertThat(director.ipvsadm("-Lnc")).contains("FIN_WAIT").doesNotContain("TIME_WAIT");
    }

    @Test
    void quiescedServerGetsNoNewConnections() throws Exception {
        director.ipvsadm("-A", "-t", VIP2 + ":80", "-s", "rr");
        director.ipvsadm("-a", "-t", VIP2 + ":80", "-r", "172.25.254.2", "-g");
        director.ipvsadm("-a", "-t", VIP2 + ":80", "-r", "172.25.254.3", "-g");
        director.ipvsadm("-e", "-t", VIP2 + ":80", "-r", "172.25.254.2", "-g", "-w", "0");

        assertThat(WebServers.requests(client, "http://" + VIP2 + "/", 5)).isEqualTo(Map.of("rs2", 5));
        assertThat(director.ipvsadm("-Ln", "-t", VIP2 + ":80"))
                .contains("  -> 172.25.254.2:80              Route   0      0          0         \n");
    }

    @Test
    void onePacketSchedulingSpreadsTheDatagramsOfOneSocketAndListsNoConnection() throws Exception {
        UdpEcho.serve(rs1Host, VIP, 53, "rs1");
        UdpEcho.serve(rs2Host, VIP, 53, "rs2");
        director.ipvsadm("-A", "-u", VIP + ":53", "-s", "rr", "-o");
        director.ipvsadm("-a", "-u", VIP + ":53", "-r", "172.25.254.2", "-g");
        director.ipvsadm("-a", "-u", VIP + ":53", "-r", "172.25.254.3", "-g");
        List<String> servers = UdpEcho.ask(client, VIP, 53, 4, false).stream().map(UdpEcho.Reply::server).toList();
        assertThat(servers).isIn(List.of("rs1", "rs2", "rs1", "rs2"), List.of("rs2", "rs1", "rs2", "rs1"));
        assertThat(director.ipvsadm("-Lnc")).doesNotContain("UDP ");
        assertThat(director.ipvsadm("-Ln", "-u", VIP + ":53")).contains(" rr ops");
    }
}
