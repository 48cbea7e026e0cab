package org.jvs.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LVS tutorial's TUN set-up on hosts without the ipip module: director 192.168.122.11 holding the
 * VIP 192.168.122.100, real servers 192.168.122.22 and .33 running {@code jvs realserver tun}, and a
 * client on the same segment. The director tunnels each request; the real servers answer the client
 * themselves, from the VIP.
 */
@Tag("netns")
class TunnelRealServerIT {
    private static final String VIP = "192.168.122.100";
    private static final String CLIENT = "192.168.122.50";
    private static final int REQUESTS = 6;

    @TempDir
    Path work;

    @BeforeEach
    void needsRoot() {
        assumeTrue(NetLab.available(), "skipped: the LVS-TUN real-server tests build network namespaces and need root");
    }

    @Test
    void requestsAlternateRepliesBypassTheDirectorAndStopUndoesEverything() throws Exception {
        try (LvsLab lvs = LvsLab.build("jvsrt", "192.168.122.", 50, 11, 22, 33, VIP, work)) {
            String settingsBefore = LvsLab.settings(lvs.rs1);
            RealServerProcess rs1 = RealServerProcess.start(lvs.rs1, work, "tun", "--vip", VIP);
            RealServerProcess rs2 = RealServerProcess.start(lvs.rs2, work, "tun", "--vip=" + VIP + "/32");
            DirectorHost director = DirectorHost.start(lvs.director, work);
            director.ipvsadm("-A", "-t", VIP + ":80", "-s", "rr");
            director.ipvsadm("-a", "-t", VIP + ":80", "-r", "192.168.122.22", "-i");
            director.ipvsadm("-a", "-t", VIP + ":80", "-r", "192.168.122.33", "-i");

            List<String> answers = WebServers.sequence(lvs.client, "http://" + VIP + "/", REQUESTS);

            LvsLab.assertAlternate(answers);
            // Replies bypass the director: it counted the requests' packets and none of the answers'.
            assertThat(director.ipvsadm("-Ln", "--stats"))
                    .containsPattern("TCP  192\\.168\\.122\\.100:80 +" + REQUESTS + " +\\d+ +0 +\\d+ +0\n");
            assertThat(director.ipvsadm("-Ln")).containsPattern("-> 192\\.168\\.122\\.22:80 +Tunnel +1 ");
            // The real servers saw the client itself, and never answered ARP for the VIP.
            assertThat(Files.readString(lvs.rs1Log)).contains(CLIENT + " - - ");
            assertThat(Files.readString(lvs.rs2Log)).contains(CLIENT + " - - ");
            assertThat(lvs.client.run("ip", "neigh", "show", VIP)).contains(LvsLab.mac(lvs.director));
            // The kernel's own copies of the tunnel packets went to the nftables table, not to ICMP.
            assertThat(lvs.rs1.run("nft", "list", "table", "inet", "jvs-realserver"))
                    .containsPattern("meta l4proto ipencap fib daddr type local counter packets [1-9]\\d* ");

            // A large upload: the client's GSO super-frames are cut into segments by the director,
            // which the kernel cannot do under an IPIP header.
            UploadCounter.serve(lvs.rs1, VIP, 9000);
            director.ipvsadm("-A", "-t", VIP + ":9000", "-s", "rr");
            director.ipvsadm("-a", "-t", VIP + ":9000", "-r", "192.168.122.22", "-i");
            Thread.sleep(300);
            assertThat(UploadCounter.upload(lvs.client, VIP, 9000, 8)).isEqualTo(8L << 20);

            String log = rs1.stop();
            rs2.stop();

            assertThat(log).contains(
                    "created TUN device jvstun0",
                    "set net.ipv4.conf.all.arp_ignore=1 (was 0)",
                    "set net.ipv4.conf.eth0.arp_announce=2 (was 0)",
                    "net.ipv4.conf.jvstun0.rp_filter",
                    "added 192.168.122.100/32 to jvstun0",
                    "installed nftables table 'inet jvs-realserver'",
                    "removed nftables table 'inet jvs-realserver'",
                    "removed 192.168.122.100/32 from jvstun0",
                    "restored net.ipv4.conf.all.arp_ignore=0",
                    "removed TUN device jvstun0");
            assertThat(log).containsPattern("tunnel endpoint stopped: delivered [1-9]\\d* packets\n");
            for (Host rs : List.of(lvs.rs1, lvs.rs2)) {
                assertThat(rs.tryRun("ip", "link", "show", "jvstun0").exitCode()).isNotZero();
                assertThat(rs.run("nft", "list", "tables")).doesNotContain("jvs-realserver");
                LvsLab.assertVipGone(rs, VIP);
            }
            assertThat(LvsLab.settings(lvs.rs1)).isEqualTo(settingsBefore);
        }
    }

    @Test
    void gueAndGreTunnelsFromTheDirectorReachRealServersWithoutTunnelModules() throws Exception {
        try (LvsLab lvs = LvsLab.build("jvsrg", "192.168.122.", 50, 11, 22, 33, VIP, work)) {
            RealServerProcess rs1 = RealServerProcess.start(lvs.rs1, work, "tun", "--vip", VIP, "--gue-port", "6080");
            RealServerProcess rs2 = RealServerProcess.start(lvs.rs2, work, "tun", "--vip", VIP);
            DirectorHost director = DirectorHost.start(lvs.director, work);
            director.ipvsadm("-A", "-t", VIP + ":80", "-s", "rr");
            director.ipvsadm("-a", "-t", VIP + ":80", "-r", "192.168.122.22", "-i", "--tun-type", "gue",
                    "--tun-port", "6080", "--tun-csum");
            director.ipvsadm("-a", "-t", VIP + ":80", "-r", "192.168.122.33", "-i", "--tun-type", "gre", "--tun-csum");

            List<String> answers = WebServers.sequence(lvs.client, "http://" + VIP + "/", REQUESTS);

            LvsLab.assertAlternate(answers);
            assertThat(director.ipvsadm("-Ln", "--tun-info"))
                    .containsPattern("-> 192\\.168\\.122\\.22:80 +Tunnel +gue:6080:\\+c +1 ")
                    .containsPattern("-> 192\\.168\\.122\\.33:80 +Tunnel +gre:\\+c +1 ");
            assertThat(Files.readString(lvs.rs1Log)).contains(CLIENT + " - - ");
            assertThat(Files.readString(lvs.rs2Log)).contains(CLIENT + " - - ");
            // Each real server's kernel saw its own kind of tunnel packet (and left it to jvs).
            assertThat(lvs.rs1.run("nft", "list", "table", "inet", "jvs-realserver"))
                    .containsPattern("udp dport 6080 fib daddr type local counter packets [1-9]\\d* ");
            assertThat(lvs.rs2.run("nft", "list", "table", "inet", "jvs-realserver"))
                    .containsPattern("meta l4proto gre fib daddr type local counter packets [1-9]\\d* ");

            assertThat(rs1.stop()).containsPattern("delivered [1-9]\\d* packets");
            assertThat(rs2.stop()).containsPattern("delivered [1-9]\\d* packets");
        }
    }
}
