package org.jvs.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.Test;

/**
 * What issue 3 asks of each LVS method, for the methods whose replies bypass the director (DR and
 * TUN): a UDP service, a long transfer that completes with the right bytes, a real server set to
 * weight 0 mid-transfer, a real server deleted, a persistent service. The subclass builds the
 * tutorial's network for its method: a client and two real servers (172.25.254.2/.3 or
 * 192.168.122.22/.33) on one segment with the director, each real server serving its name over
 * HTTP on port 80 and holding the VIPs as its method needs. DR and TUN do not translate ports, so
 * the HTTP tests use a VIP of their own on port 80.
 */
abstract class RoutedScenarios {
    /** The lab the subclass built. */
    record Cluster(Host client, Host rs1, Host rs2, DirectorHost director, List<String> vips, String rip1,
                   String rip2, String method, Path work) {
        String vip() {
            return vips.getFirst();
        }
    }

    /** What a real server needs for its method, run before its web server starts. */
    interface RealServerSetup {
        void prepare(Host rs, List<String> vips) throws Exception;
    }

    /**
     * Builds the segment: client {@code net}.{@code hosts[0]}, director .{@code hosts[1]} holding
     * {@code vips}, real servers .{@code hosts[2]} and .{@code hosts[3]}, each prepared by
     * {@code setup}, serving its name on port 80, and a running {@code jvs director}.
     */
    static Cluster build(NetLab lab, Path work, String net, int[] hosts, List<String> vips, String method,
                         RealServerSetup setup) throws Exception {
        Host lan = lab.switchHost("lan");
        Host client = lab.host("client");
        Host dir = lab.host("director");
        Host rs1 = lab.host("rs1");
        Host rs2 = lab.host("rs2");
        lab.attach(lan, client, "eth0", net + hosts[0] + "/24");
        lab.attach(lan, dir, "eth0", net + hosts[1] + "/24");
        for (String vip : vips) {
            dir.run("ip", "addr", "add", vip + "/24", "dev", "eth0");
        }
        lab.attach(lan, rs1, "eth0", net + hosts[2] + "/24");
        lab.attach(lan, rs2, "eth0", net + hosts[3] + "/24");
        for (Host rs : List.of(rs1, rs2)) {
            setup.prepare(rs, vips);
            WebServers.serve(rs, work);
        }
        return new Cluster(client, rs1, rs2, DirectorHost.start(dir, work), vips, net + hosts[2], net + hosts[3],
                method, work);
    }

    protected abstract Cluster cluster();

    private String service(String proto, String vip, int port, String... options) throws Exception {
        Cluster c = cluster();
        String vs = vip + ":" + port;
        List<String> add = new java.util.ArrayList<>(List.of("-A", proto, vs, "-s", "rr"));
        add.addAll(List.of(options));
        c.director().ipvsadm(add.toArray(String[]::new));
        return vs;
    }

    private void real(String proto, String vs, String rip, int port) throws Exception {
        cluster().director().ipvsadm("-a", proto, vs, "-r", rip + ":" + port, cluster().method());
    }

    @Test
    void udpServiceSpreadsNewFlowsAndRepliesComeFromTheVip() throws Exception {
        Cluster c = cluster();
        UdpEcho.serve(c.rs1(), c.vip(), 5353, c.rs1().name());
        UdpEcho.serve(c.rs2(), c.vip(), 5353, c.rs2().name());
        String vs = service("-u", c.vip(), 5353);
        real("-u", vs, c.rip1(), 5353);
        real("-u", vs, c.rip2(), 5353);

        List<String> replies = UdpEcho.ask(c.client(), c.vip(), 5353, 4, true).stream()
                .map(r -> r.server() + "@" + r.from()).toList();

        assertThat(replies).containsExactlyInAnyOrder(
                c.rs1().name() + "@" + c.vip(), c.rs1().name() + "@" + c.vip(),
                c.rs2().name() + "@" + c.vip(), c.rs2().name() + "@" + c.vip());
        assertThat(c.director().ipvsadm("-Lnc")).contains("UDP").contains(c.vip() + ":5353");
    }

    @Test
    void longTransferCompletesWithTheRightBytes() throws Exception {
        Cluster c = cluster();
        c.rs1().spawn(null, "iperf3", "-s", "-p", "5201");
        UploadCounter.serve(c.rs1(), c.vip(), 9000);
        for (int port : new int[] {5201, 9000}) {
            real("-t", service("-t", c.vip(), port), c.rip1(), port);
        }
        Thread.sleep(300);

        String json = c.client().run("timeout", "90", "iperf3", "-c", c.vip(), "-p", "5201", "-n", "100M", "-J");
        // The client's bytes pass the director; the real server counts them and says how many it got.
        long counted = UploadCounter.upload(c.client(), c.vip(), 9000, 64);

        assertThat(bytes(json, "sum_sent")).as(json).isBetween(100L << 20, (100L << 20) + (128 << 10));
        assertThat(json).doesNotContain("\"error\"");
        assertThat(counted).isEqualTo(64L << 20);
    }

    private static long bytes(String iperfJson, String section) {
        Matcher m = Pattern.compile("\"" + section + "\":\\s*\\{[^}]*?\"bytes\":\\s*(\\d+)").matcher(iperfJson);
        assertThat(m.find()).as(section + " in " + iperfJson).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void weightZeroMidTransferLetsTheTransferFinishAndSendsNewConnectionsElsewhere() throws Exception {
        Cluster c = cluster();
        Path big = c.work().resolve("www-" + c.rs1().name()).resolve("slow.bin");
        byte[] data = new byte[6 << 20];
        new java.util.Random(7).nextBytes(data);
        Files.write(big, data);
        String vs = service("-t", c.vips().get(1), 80);
        real("-t", vs, c.rip1(), 80);
        Path got = c.work().resolve("slow-" + c.method() + ".bin");
        // About three seconds at 2 MB/s: long enough to change the weight under it.
        Process download = c.client().spawn(new ProcessBuilder(c.client().wrap("curl", "-s", "-m", "60",
                "--limit-rate", "2M", "-o", got.toString(), "http://" + vs + "/slow.bin")));
        Thread.sleep(700);
        real("-t", vs, c.rip2(), 80);
        c.director().ipvsadm("-e", "-t", vs, "-r", c.rip1() + ":80", cluster().method(), "-w", "0");
        Map<String, Integer> newOnes = WebServers.requests(c.client(), "http://" + vs + "/", 4);

        assertThat(download.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(download.exitValue()).isZero();
        assertThat(Files.mismatch(big, got)).as("the running transfer completed intact").isEqualTo(-1L);
        assertThat(newOnes).isEqualTo(Map.of(c.rs2().name(), 4));
    }

    @Test
    void deletedRealServerIsGoneAndGetsNoRequests() throws Exception {
        Cluster c = cluster();
        String vs = service("-t", c.vips().get(2), 80);
        real("-t", vs, c.rip1(), 80);
        real("-t", vs, c.rip2(), 80);
        assertThat(WebServers.requests(c.client(), "http://" + vs + "/", 4))
                .isEqualTo(Map.of(c.rs1().name(), 2, c.rs2().name(), 2));

        c.director().ipvsadm("-d", "-t", vs, "-r", c.rip1() + ":80");

        assertThat(WebServers.requests(c.client(), "http://" + vs + "/", 4)).isEqualTo(Map.of(c.rs2().name(), 4));
        assertThat(c.director().ipvsadm("-Ln", "-t", vs)).doesNotContain(c.rip1() + ":80");
    }

    @Test
    void persistentServiceKeepsTheClientOnOneServer() throws Exception {
        Cluster c = cluster();
        String vs = service("-t", c.vips().get(3), 80, "-p", "60");
        real("-t", vs, c.rip1(), 80);
        real("-t", vs, c.rip2(), 80);

        Map<String, Integer> split = WebServers.requests(c.client(), "http://" + vs + "/", 6);

        assertThat(split).hasSize(1).containsValue(6);
        // The persistence template: the client with port 0.
        assertThat(c.director().ipvsadm("-Lnc")).containsPattern("\\d+\\.\\d+\\.\\d+\\.\\d+:0 +" + vs.replace(".", "\\."));
    }
}
