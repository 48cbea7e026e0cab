package org.jvs.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.jvs.lab.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LVS tutorial's NAT set-up with its own addresses, in network namespaces: a client on
 * 172.16.100.0/24, the director with the VIP 172.16.100.1 and the DIP 172.25.254.1, two real
 * servers 172.25.254.2 and .3 whose gateway is the director. Real python web servers, real curl.
 */
@Tag("netns")
class NatForwardingIT {
    private static final String VIP = "172.16.100.1";
    @TempDir
    static Path work;
    private static NetLab lab;
    private static Host client;
    private static Host rs1;
    private static Host rs2;
    private static DirectorHost director;
    private static Path rs1Log;

    @BeforeAll
    static void buildTheTutorialNetwork() throws Exception {
        assumeTrue(NetLab.available(), "skipped: the LVS-NAT tests build network namespaces and need root");
        lab = NetLab.create("jvsnat");
        client = lab.host("client");
        Host dir = lab.host("director");
        Host lan = lab.switchHost("lan");
        rs1 = lab.host("rs1");
        rs2 = lab.host("rs2");
        lab.link(client, "eth0", "172.16.100.2/24", dir, "eth0", VIP + "/24");
        client.run("ip", "route", "add", "default", "via", VIP);
        lab.attach(lan, dir, "eth1", "172.25.254.1/24");
        lab.attach(lan, rs1, "eth0", "172.25.254.2/24");
        lab.attach(lan, rs2, "eth0", "172.25.254.3/24");
        for (Host rs : new Host[] {rs1, rs2}) {
            rs.run("ip", "route", "add", "default", "via", "172.25.254.1");
        }
        dir.sysctl("net.ipv4.ip_forward", "1");
        rs1Log = WebServers.serve(rs1, work);
        WebServers.serve(rs2, work);
        director = DirectorHost.start(dir, work);
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void tutorialWrrSplitsThirtyRequestsTenToTwentyAndServersSeeTheClient() throws Exception {
        director.ipvsadm("-A", "-t", VIP + ":80", "-s", "wrr");
        director.ipvsadm("-a", "-t", VIP + ":80", "-r", "172.25.254.2", "-m", "-w", "1");
        director.ipvsadm("-a", "-t", VIP + ":80", "-r", "172.25.254.3", "-m", "-w", "2");

        Map<String, Integer> split = WebServers.requests(client, "http://" + VIP + "/", 30);

        assertThat(split).containsExactlyInAnyOrderEntriesOf(Map.of("rs1", 10, "rs2", 20));
        assertThat(Files.readString(rs1Log)).contains("172.16.100.2 - - ").doesNotContain("172.25.254.1 - - ");
        String stats = director.ipvsadm("-Ln", "--stats");
        assertThat(stats).containsPattern("TCP  172\\.16\\.100\\.1:80 +30 ");
        assertThat(director.ipvsadm("-Lnc")).contains("172.16.100.2:").contains("172.25.254.3:80");
    }

    @Test
    void quiescedServerGetsNoNewConnectionsAndADeletedOneIsGone() throws Exception {
        director.ipvsadm("-A", "-t", VIP + ":81", "-s", "rr");
        director.ipvsadm("-a", "-t", VIP + ":81", "-r", "172.25.254.2:80", "-m");
        director.ipvsadm("-a", "-t", VIP + ":81", "-r", "172.25.254.3:80", "-m");
        assertThat(WebServers.requests(client, "http://" + VIP + ":81/", 4)).containsEntry("rs1", 2).containsEntry("rs2", 2);

        director.ipvsadm("-e", "-t", VIP + ":81", "-r", "172.25.254.3:80", "-m", "-w", "0");
        assertThat(WebServers.requests(client, "http://" + VIP + ":81/", 6)).isEqualTo(Map.of("rs1", 6));

        director.ipvsadm("-e", "-t", VIP + ":81", "-r", "172.25.254.3:80", "-m", "-w", "1");
        director.ipvsadm("-d", "-t", VIP + ":81", "-r", "172.25.254.2:80");
        assertThat(WebServers.requests(client, "http://" + VIP + ":81/", 6)).isEqualTo(Map.of("rs2", 6));
    }

    @Test
    void persistentServiceKeepsTheClientOnOneServer() throws Exception {
        director.ipvsadm("-A", "-t", VIP + ":82", "-s", "rr", "-p", "60");
        director.ipvsadm("-a", "-t", VIP + ":82", "-r", "172.25.254.2:80", "-m");
        director.ipvsadm("-a", "-t", VIP + ":82", "-r", "172.25.254.3:80", "-m");
        assertThat(WebServers.requests(client, "http://" + VIP + ":82/", 8)).hasSize(1).containsValue(8);
        assertThat(director.ipvsadm("-Lnc")).contains("ASSURED     172.16.100.2:0");
    }

    @Test
    void serviceWithoutRealServersAnswersPortUnreachable() throws Exception {
        director.ipvsadm("-A", "-t", VIP + ":83", "-s", "rr");
        Shell.Result r = client.tryRun("curl", "-s", "-m", "5", "http://" + VIP + ":83/");
        // 7 = connection refused (the ICMP port unreachable); a timeout would be 28.
        assertThat(r.exitCode()).isEqualTo(7);
    }

    @Test
    void udpServiceIsForwardedAndRepliesComeFromTheVip() throws Exception {
        UdpEcho.serve(rs1, "0.0.0.0", 5353, "rs1");
        director.ipvsadm("-A", "-u", VIP + ":53", "-s", "rr");
        director.ipvsadm("-a", "-u", VIP + ":53", "-r", "172.25.254.2:5353", "-m");
        assertThat(UdpEcho.ask(client, VIP, 53, 1, false))
                .containsExactly(new UdpEcho.Reply("rs1", "172.16.100.2", VIP, 53));
        assertThat(director.ipvsadm("-Lnc")).containsPattern("UDP \\d\\d:\\d\\d  UDP         172\\.16\\.100\\.2:");
    }

    @Test
    void longTransferArrivesIntactInBothDirections() throws Exception {
        Path big = work.resolve("www-rs1").resolve("big.bin");
        byte[] data = new byte[64 << 20];
        new java.util.Random(42).nextBytes(data);
        Files.write(big, data);
        director.ipvsadm("-A", "-t", VIP + ":84", "-s", "rr");
        director.ipvsadm("-a", "-t", VIP + ":84", "-r", "172.25.254.2:80", "-m");
        Path got = work.resolve("downloaded.bin");
        client.run("curl", "-s", "-m", "60", "-o", got.toString(), "http://" + VIP + ":84/big.bin");
        assertThat(Files.mismatch(big, got)).isEqualTo(-1L);

        // The other direction, through iperf3 where it is installed: the sender's bytes all leave.
        if (Shell.tryRun(java.util.List.of("which", "iperf3")).exitCode() == 0) {
            rs1.spawn(null, "iperf3", "-s", "-p", "5201");
            director.ipvsadm("-A", "-t", VIP + ":5201", "-s", "rr");
            director.ipvsadm("-a", "-t", VIP + ":5201", "-r", "172.25.254.2", "-m");
            Thread.sleep(300);
            String json = client.run("timeout", "60", "iperf3", "-c", VIP, "-p", "5201", "-n", "100M", "-J");
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("\"sum_sent\":\\s*\\{[^}]*?\"bytes\":\\s*(\\d+)").matcher(json);
            assertThat(m.find()).as(json).isTrue();
            // iperf3 -n stops after the write that reaches the count: up to one 128 KiB block more.
            assertThat(Long.parseLong(m.group(1))).isBetween(100L << 20, (100L << 20) + (128 << 10));
            assertThat(json).doesNotContain("\"error\"");
        }
    }
}
