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
 * The LVS tutorial's DR set-up with the real servers prepared by {@code jvs realserver dr}: director
 * 172.25.254.1 holding the VIP 172.25.254.100, real servers 172.25.254.2 and .3, a client on the same
 * segment. Only the director answers ARP for the VIP; the real servers answer the client directly.
 */
@Tag("netns")
class DirectRoutingRealServerIT {
    private static final String VIP = "172.25.254.100";
    private static final String CLIENT = "172.25.254.50";
    private static final int REQUESTS = 6;

    @TempDir
    Path work;

    @BeforeEach
    void needsRoot() {
        assumeTrue(NetLab.available(), "skipped: the LVS-DR real-server tests build network namespaces and need root");
    }

    @Test
    void requestsAlternateRepliesBypassTheDirectorAndStopUndoesEverything() throws Exception {
        try (LvsLab lvs = LvsLab.build("jvsrd", "172.25.254.", 50, 1, 2, 3, VIP, work)) {
            String settingsBefore = LvsLab.settings(lvs.rs1);
            RealServerProcess rs1 = RealServerProcess.start(lvs.rs1, work, "dr", "--vip", VIP);
            RealServerProcess rs2 = RealServerProcess.start(lvs.rs2, work, "dr", "--vip", VIP);
            DirectorHost director = DirectorHost.start(lvs.director, work);
            director.ipvsadm("-A", "-t", VIP + ":80", "-s", "rr");
            director.ipvsadm("-a", "-t", VIP + ":80", "-r", "172.25.254.2:80", "-g");
            director.ipvsadm("-a", "-t", VIP + ":80", "-r", "172.25.254.3:80", "-g");
            assertThat(lvs.rs1.run("ip", "-o", "-4", "addr", "show", "dev", "lo")).contains(" " + VIP + "/32 ");

            List<String> answers = WebServers.sequence(lvs.client, "http://" + VIP + "/", REQUESTS);

            LvsLab.assertAlternate(answers);
            assertThat(director.ipvsadm("-Ln", "--stats"))
                    .containsPattern("TCP  172\\.25\\.254\\.100:80 +" + REQUESTS + " +\\d+ +0 +\\d+ +0\n");
            assertThat(Files.readString(lvs.rs1Log)).contains(CLIENT + " - - ");
            assertThat(Files.readString(lvs.rs2Log)).contains(CLIENT + " - - ");
            assertThat(lvs.client.run("ip", "neigh", "show", VIP)).contains(LvsLab.mac(lvs.director));

            String log = rs1.stop();
            rs2.stop();

            assertThat(log).contains(
                    "set net.ipv4.conf.all.arp_ignore=1 (was 0)",
                    "set net.ipv4.conf.eth0.arp_announce=2 (was 0)",
                    "added 172.25.254.100/32 to lo",
                    "removed 172.25.254.100/32 from lo",
                    "restored net.ipv4.conf.all.arp_ignore=0",
                    "restored net.ipv4.conf.eth0.arp_announce=0");
            // The VIP leaves before ARP suppression is lifted.
            assertThat(log.indexOf("removed 172.25.254.100/32 from lo"))
                    .isLessThan(log.indexOf("restored net.ipv4.conf.all.arp_ignore=0"));
            for (Host rs : List.of(lvs.rs1, lvs.rs2)) {
                LvsLab.assertVipGone(rs, VIP);
            }
            assertThat(LvsLab.settings(lvs.rs1)).isEqualTo(settingsBefore);
        }
    }
}
