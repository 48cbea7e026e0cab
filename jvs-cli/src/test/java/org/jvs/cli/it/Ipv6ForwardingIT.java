package org.jvs.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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
 * The tutorial's NAT and DR set-ups again, over IPv6 (documentation prefix 2001:db8::/32, inside
 * namespaces with no route out): the same ipvsadm commands with bracketed addresses, real python
 * web servers listening on ::, real curl. The director resolves real servers and clients with
 * Neighbor Discovery, as the kernel would.
 */
@Tag("netns")
class Ipv6ForwardingIT {
    private static final String NAT_VIP = "2001:db8:100::1";
    private static final String NAT_CLIENT = "2001:db8:100::2";
    private static final String DR_VIP = "2001:db8:254::100";
    @TempDir
    static Path work;
    private static NetLab natLab;
    private static NetLab drLab;
    private static Host natClient;
    private static Host drClient;
    private static Host natRs1;
    private static DirectorHost natDirector;
    private static DirectorHost drDirector;
    private static Path natRs1Log;
    private static Host drRs1;

    @BeforeAll
    static void buildBothNetworks() throws Exception {
        assumeTrue(NetLab.available(), "skipped: the IPv6 forwarding tests build network namespaces and need root");
        natLab = NetLab.create("jvs6n");
        natClient = host(natLab, "client");
        Host dir = host(natLab, "director");
        Host lan = natLab.switchHost("lan");
        natRs1 = host(natLab, "rs1");
        Host rs2 = host(natLab, "rs2");
        natLab.link(natClient, "eth0", null, dir, "eth0", null);
        natLab.attach(lan, dir, "eth1", null);
        natLab.attach(lan, natRs1, "eth0", null);
        natLab.attach(lan, rs2, "eth0", null);
        address(natClient, NAT_CLIENT + "/64");
        natClient.run("ip", "-6", "route", "add", "default", "via", NAT_VIP);
        address(dir, NAT_VIP + "/64");
        address(dir, "eth1", "2001:db8:254::1/64");
        address(natRs1, "2001:db8:254::2/64");
        address(rs2, "2001:db8:254::3/64");
        for (Host rs : List.of(natRs1, rs2)) {
            rs.run("ip", "-6", "route", "add", "default", "via", "2001:db8:254::1");
        }
        natRs1Log = serve(natRs1);
        serve(rs2);
        natDirector = DirectorHost.start(dir, work);

        drLab = NetLab.create("jvs6d");
        List<Host> dr = segment(drLab, "2001:db8:254::", 10, 1, 2, 3, DR_VIP);
        drClient = dr.get(0);
        Host drDir = dr.get(1);
        Host rs1 = dr.get(2);
        for (Host rs : dr.subList(2, 4)) {
            // An IPv6 address on lo is never advertised on eth0: nothing like arp_ignore is needed.
            rs.run("ip", "-6", "addr", "add", DR_VIP + "/128", "dev", "lo");
            serve(rs);
        }
        drRs1 = rs1;
        // A run directory of its own: both directors are hosts called "director".
        drDirector = DirectorHost.start(drDir, Files.createDirectories(work.resolve("dr")));
    }

    /**
     * The tutorial's one-segment set-up (DR, TUN) over IPv6: client, director (its address and the
     * VIP) and two real servers on one bridge, each at {@code prefix} + its host number.
     *
     * @return client, director, rs1, rs2
     */
    private static List<Host> segment(NetLab lab, String prefix, int client, int director, int rs1, int rs2, String vip)
            throws IOException {
        Host lan = lab.switchHost("lan");
        List<Host> hosts = List.of(host(lab, "client"), host(lab, "director"), host(lab, "rs1"), host(lab, "rs2"));
        int[] numbers = {client, director, rs1, rs2};
        for (int i = 0; i < hosts.size(); i++) {
            lab.attach(lan, hosts.get(i), "eth0", null);
            address(hosts.get(i), prefix + numbers[i] + "/64");
        }
        address(hosts.get(1), vip + "/64");
        return hosts;
    }

    private static Host host(NetLab lab, String name) throws IOException {
        Host h = lab.host(name);
        // The lab turns IPv6 off by default; on, without duplicate address detection, so that
        // addresses are usable at once, as on a configured server.
        for (String conf : List.of("all", "default")) {
            h.sysctl("net.ipv6.conf." + conf + ".accept_dad", "0");
            h.sysctl("net.ipv6.conf." + conf + ".disable_ipv6", "0");
        }
        return h;
    }

    private static void address(Host h, String cidr) throws IOException {
        address(h, "eth0", cidr);
    }

    private static void address(Host h, String dev, String cidr) throws IOException {
        h.run("ip", "-6", "addr", "add", cidr, "dev", dev, "nodad");
    }

    /** A web server on [::]:80 answering with the host's name; returns its access log. */
    private static Path serve(Host host) throws IOException, InterruptedException {
        Path docs = Files.createDirectories(work.resolve("www6-" + host.namespace()));
        Files.writeString(docs.resolve("index.html"), host.name() + "\n");
        Path log = work.resolve("access6-" + host.namespace() + ".log");
        host.spawn(log, "python3", "-u", "-m", "http.server", "80", "--bind", "::", "--directory", docs.toString());
        for (int i = 0; i < 100; i++) {
            if (host.tryRun("python3", "-c", "import socket; socket.create_connection(('::1', 80), 1)").exitCode() == 0) {
                return log;
            }
            Thread.sleep(50);
        }
        throw new IOException("web server on " + host + " did not start");
    }

    private static String url(String vip, int port, String path) {
        return "http://[" + vip + "]:" + port + path;
    }

    @AfterAll
    static void tearDown() {
        for (NetLab lab : new NetLab[] {natLab, drLab}) {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @Test
    void natWrrSplitsThirtyRequestsTenToTwentyAndServersSeeTheClient() throws Exception {
        natDirector.ipvsadm("-A", "-t", "[" + NAT_VIP + "]:80", "-s", "wrr");
        natDirector.ipvsadm("-a", "-t", "[" + NAT_VIP + "]:80", "-r", "[2001:db8:254::2]:80", "-m", "-w", "1");
        natDirector.ipvsadm("-a", "-t", "[" + NAT_VIP + "]:80", "-r", "[2001:db8:254::3]:80", "-m", "-w", "2");

        Map<String, Integer> split = WebServers.requests(natClient, url(NAT_VIP, 80, "/"), 30);

        assertThat(split).containsExactlyInAnyOrderEntriesOf(Map.of("rs1", 10, "rs2", 20));
        assertThat(Files.readString(natRs1Log)).contains(NAT_CLIENT + " - - ");
        assertThat(natDirector.ipvsadm("-Ln", "--stats")).containsPattern("TCP  \\[2001:db8:100::1\\]:80 +30 ");
        assertThat(natDirector.ipvsadm("-Lnc")).contains("[" + NAT_CLIENT + "]:").contains("[2001:db8:254::3]:80");
    }

    @Test
    void natUdpRepliesComeFromTheVip() throws Exception {
        UdpEcho.serve(natRs1, "::", 5353, "rs1");
        natDirector.ipvsadm("-A", "-u", "[" + NAT_VIP + "]:53", "-s", "rr");
        natDirector.ipvsadm("-a", "-u", "[" + NAT_VIP + "]:53", "-r", "[2001:db8:254::2]:5353", "-m");
        assertThat(UdpEcho.ask(natClient, NAT_VIP, 53, 1, false))
                .containsExactly(new UdpEcho.Reply("rs1", NAT_CLIENT, NAT_VIP, 53));
    }

    @Test
    void natLongTransferArrivesIntact() throws Exception {
        natDirector.ipvsadm("-A", "-t", "[" + NAT_VIP + "]:84", "-s", "rr");
        natDirector.ipvsadm("-a", "-t", "[" + NAT_VIP + "]:84", "-r", "[2001:db8:254::2]:80", "-m");
        assertDownloadIntact(natClient, natRs1.namespace(), url(NAT_VIP, 84, "/big.bin"));
    }

    @Test
    void drLongUploadArrivesToTheByte() throws Exception {
        // Client to server is the direction DR carries: GSO super-frames pass the director.
        drDirector.ipvsadm("-A", "-t", "[" + DR_VIP + "]:9000", "-s", "rr");
        drDirector.ipvsadm("-a", "-t", "[" + DR_VIP + "]:9000", "-r", "[2001:db8:254::2]:9000", "-g");
        UploadCounter.serve(drRs1, DR_VIP, 9000);
        Thread.sleep(300);
        assertThat(UploadCounter.upload(drClient, DR_VIP, 9000, 64)).isEqualTo(64L << 20);
    }

    /** 32 MiB of random bytes served from the web root of {@code serverNamespace}, fetched through the VIP. */
    private static void assertDownloadIntact(Host client, String serverNamespace, String url) throws IOException {
        Path big = work.resolve("www6-" + serverNamespace).resolve("big.bin");
        byte[] data = new byte[32 << 20];
        new java.util.Random(6).nextBytes(data);
        Files.write(big, data);
        Path got = work.resolve("downloaded-" + serverNamespace + ".bin");
        client.run("curl", "-g", "-s", "-m", "60", "-o", got.toString(), url);
        assertThat(Files.mismatch(big, got)).isEqualTo(-1L);
    }

    @Test
    void tunIp6ip6ToRealServersRunningJvsRealserverTun() throws Exception {
        String vip = "2001:db8:122::100";
        try (NetLab lab = NetLab.create("jvs6t")) {
            List<Host> hosts = segment(lab, "2001:db8:122::", 50, 11, 22, 33, vip);
            Host client = hosts.get(0);
            Host dir = hosts.get(1);
            Host rs1 = hosts.get(2);
            Host rs2 = hosts.get(3);
            Path tunWork = Files.createDirectories(work.resolve("tun"));
            for (Host rs : List.of(rs1, rs2)) {
                serve(rs);
                RealServerProcess.start(rs, tunWork, "tun", "--vip", vip);
            }
            DirectorHost director = DirectorHost.start(dir, tunWork);
            assertRoundRobinBypassesTheDirector(director, client, vip, "2001:db8:122::22", "2001:db8:122::33", "-i");
            // Client to server through the tunnel, to the byte: GSO super-frames cut into ip6ip6 segments.
            director.ipvsadm("-A", "-t", "[" + vip + "]:9000", "-s", "rr");
            director.ipvsadm("-a", "-t", "[" + vip + "]:9000", "-r", "[2001:db8:122::22]:9000", "-i");
            UploadCounter.serve(rs1, vip, 9000);
            Thread.sleep(300);
            assertThat(UploadCounter.upload(client, vip, 9000, 16)).isEqualTo(16L << 20);
        }
    }

    @Test
    void drRoundRobinAlternatesAndRepliesBypassTheDirector() throws Exception {
        assertRoundRobinBypassesTheDirector(drDirector, drClient, DR_VIP, "2001:db8:254::2", "2001:db8:254::3", "-g");
    }

    /**
     * An rr service on {@code vip}:80 over two real servers by {@code method} (-g or -i): six
     * requests alternate, and the director counted the requests' packets and none of the replies'.
     */
    private static void assertRoundRobinBypassesTheDirector(DirectorHost director, Host client, String vip, String rip1,
            String rip2, String method) throws Exception {
        String service = "[" + vip + "]:80";
        director.ipvsadm("-A", "-t", service, "-s", "rr");
        director.ipvsadm("-a", "-t", service, "-r", "[" + rip1 + "]:80", method);
        director.ipvsadm("-a", "-t", service, "-r", "[" + rip2 + "]:80", method);

        LvsLab.assertAlternate(WebServers.sequence(client, url(vip, 80, "/"), 6));
        // Columns: Conns InPkts OutPkts InBytes OutBytes.
        assertThat(director.ipvsadm("-Ln", "--stats"))
                .containsPattern("TCP  " + java.util.regex.Pattern.quote(service) + " +6 +\\d+ +0 +\\d+ +0");
    }
}
