package org.jvs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.jvs.lab.Shell;

/**
 * The tutorial's cluster, live, on this machine: network namespaces for a client, the director and
 * two real web servers, the director forwarding real traffic with NAT or DR, the client sending
 * requests while the director's statistics and the per-server split are shown. Everything it
 * creates goes away when it ends, Ctrl-C included.
 */
final class LiveDemo {
    /** How the real servers of a set-up are prepared: as the LVS method needs them. */
    enum Method {
        /** Default gateway = the director. */
        NAT,
        /** The VIP on lo, ARP for it suppressed. */
        DR,
        /** {@code jvs realserver tun}: IPIP decapsulated in user space, the VIP held without ARP. */
        TUN
    }

    /** The addresses and commands of one of the tutorial's set-ups. */
    record Setup(String name, Method method, String vip, String clientCidr, String clientGateway,
                 String directorLanCidr, String directorVipCidr, String[] realServers, List<String> ipvsadm) {
        /** NAT puts the client on its own network behind the director; DR and TUN on the real servers' LAN. */
        boolean clientOnLan() {
            return method != Method.NAT;
        }
    }

    static final Setup NAT = new Setup("LVS-NAT", Method.NAT, "172.16.100.1", "172.16.100.2/24", "172.16.100.1",
            "172.25.254.1/24", "172.16.100.1/24", new String[] {"172.25.254.2", "172.25.254.3"},
            List.of("-A -t 172.16.100.1:80 -s wrr",
                    "-a -t 172.16.100.1:80 -r 172.25.254.2 -m -w 1",
                    "-a -t 172.16.100.1:80 -r 172.25.254.3 -m -w 2"));
    static final Setup DR = new Setup("LVS-DR", Method.DR, "172.25.254.100", "172.25.254.10/24", null,
            "172.25.254.1/24", "172.25.254.100/24", new String[] {"172.25.254.2", "172.25.254.3"},
            List.of("-A -t 172.25.254.100:80 -s rr",
                    "-a -t 172.25.254.100:80 -r 172.25.254.2 -g",
                    "-a -t 172.25.254.100:80 -r 172.25.254.3 -g"));
    static final Setup TUN = new Setup("LVS-TUN", Method.TUN, "192.168.122.100", "192.168.122.50/24", null,
            "192.168.122.11/24", "192.168.122.100/24", new String[] {"192.168.122.22", "192.168.122.33"},
            List.of("-A -t 192.168.122.100:80 -s rr",
                    "-a -t 192.168.122.100:80 -r 192.168.122.22 -i",
                    "-a -t 192.168.122.100:80 -r 192.168.122.33 -i"));

    private final Setup setup;
    private final int seconds;
    private final PrintStream out;

    LiveDemo(Setup setup, int seconds, PrintStream out) {
        this.setup = setup;
        this.seconds = seconds;
        this.out = out;
    }

    int run() throws Exception {
        Path work = Files.createTempDirectory("jvs-demo");
        NetLab lab = NetLab.create("jvsdemo");
        Thread cleanup = Thread.ofPlatform().unstarted(() -> {
            lab.close();
            deleteTree(work);
        });
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Host director = build(lab, work);
            Host client = lab.hosts().stream().filter(h -> h.name().equals("client")).findFirst().orElseThrow();
            Path runDir = work.resolve("run");
            startDirector(director, runDir, work);
            for (String line : setup.ipvsadm()) {
                out.println("[root@server1 ~]# ipvsadm " + line);
                ipvsadm(director, runDir, line.split(" "));
            }
            out.println("[root@server1 ~]# ipvsadm -Ln");
            out.print(ipvsadm(director, runDir, "-Ln"));
            traffic(client, director, runDir);
            return 0;
        } finally {
            Runtime.getRuntime().removeShutdownHook(cleanup);
            cleanup.run();
            out.println("# removed every namespace and process the demo created");
        }
    }

    private Host build(NetLab lab, Path work) throws IOException, InterruptedException {
        out.println("# building the " + setup.name() + " cluster of the LVS tutorial in network namespaces");
        Host lan = lab.switchHost("lan");
        Host client = lab.host("client");
        Host director = lab.host("director");
        lab.attach(lan, director, "eth1", setup.directorLanCidr());
        if (setup.clientOnLan()) {
            lab.attach(lan, client, "eth0", setup.clientCidr());
            director.run("ip", "addr", "add", setup.directorVipCidr(), "dev", "eth1");
        } else {
            lab.link(client, "eth0", setup.clientCidr(), director, "eth0", setup.directorVipCidr());
            client.run("ip", "route", "add", "default", "via", setup.clientGateway());
            director.sysctl("net.ipv4.ip_forward", "1");
        }
        String[] rips = setup.realServers();
        for (int i = 0; i < rips.length; i++) {
            Host rs = lab.host("rs" + (i + 1));
            lab.attach(lan, rs, "eth0", rips[i] + "/24");
            switch (setup.method()) {
                case NAT -> rs.run("ip", "route", "add", "default", "via", setup.directorLanCidr().split("/")[0]);
                case DR -> {
                    rs.run("ip", "addr", "add", setup.vip() + "/32", "dev", "lo");
                    for (String dev : List.of("all", "eth0")) {
                        rs.sysctl("net.ipv4.conf." + dev + ".arp_ignore", "1");
                        rs.sysctl("net.ipv4.conf." + dev + ".arp_announce", "2");
                    }
                }
                case TUN -> startTunnelEndpoint(rs, work);
            }
            Path docs = Files.createDirectories(work.resolve("www-" + rs.name()));
            Files.writeString(docs.resolve("index.html"), "server" + (i + 2) + " " + rips[i] + "\n");
            rs.spawn(work.resolve("access-" + rs.name() + ".log"), "python3", "-m", "http.server", "80",
                    "--directory", docs.toString());
            out.println("#   " + rs.name() + " " + rips[i] + ": python3 -m http.server 80");
        }
        return director;
    }

    /** This same jvs, as a command line: the running java, its class path and Main with {@code args}. */
    private static String[] jvs(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd.toArray(String[]::new);
    }

    /** {@code jvs realserver tun --vip VIP} on {@code rs}, waiting until it holds the VIP. */
    private void startTunnelEndpoint(Host rs, Path work) throws IOException, InterruptedException {
        Path log = work.resolve("realserver-" + rs.name() + ".log");
        Process p = rs.spawn(new ProcessBuilder(rs.wrap(jvs("realserver", "tun", "--vip", setup.vip())))
                .redirectErrorStream(true).redirectOutput(log.toFile()));
        for (int i = 0; i < 200 && !rs.run("ip", "-o", "addr", "show").contains(setup.vip() + "/32"); i++) {
            if (!p.isAlive()) {
                throw new IOException("jvs realserver on " + rs.name() + " exited: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        out.println("#   " + rs.name() + ": jvs realserver tun --vip " + setup.vip() + " (no ipip module needed)");
    }

    private void startDirector(Host director, Path runDir, Path work) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(director.wrap(jvs("director")));
        pb.environment().put("JVS_RUN_DIR", runDir.toString());
        Path log = work.resolve("director.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = director.spawn(pb);
        for (int i = 0; i < 200 && !Files.exists(runDir.resolve("director.sock")); i++) {
            if (!p.isAlive()) {
                throw new IOException("the director exited: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        out.println("# director running in its namespace: " + Files.readString(log).lines()
                .filter(l -> l.contains("forwarding on")).findFirst().orElse("(see log)"));
    }

    private String ipvsadm(Host director, Path runDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "JVS_RUN_DIR=" + runDir,
                ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "ipvsadm"));
        cmd.addAll(List.of(args));
        Shell.Result r = Shell.tryRun(director.wrap(cmd.toArray(String[]::new)));
        if (r.exitCode() != 0) {
            throw new IOException("ipvsadm " + String.join(" ", args) + ": " + r.stderr().strip());
        }
        return r.stdout();
    }

    private void traffic(Host client, Host director, Path runDir) throws IOException, InterruptedException {
        out.println("# the client sends requests to http://" + setup.vip() + "/ for " + seconds + " s");
        Map<String, Integer> split = new TreeMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long nextReport = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end) {
            Shell.Result r = client.tryRun("curl", "-s", "-m", "2", "http://" + setup.vip() + "/");
            split.merge(r.exitCode() == 0 ? r.stdout().strip() : "failed (curl " + r.exitCode() + ")", 1, Integer::sum);
            if (System.nanoTime() >= nextReport) {
                nextReport += 2_000_000_000L;
                report(split, director, runDir);
            }
        }
        report(split, director, runDir);
    }

    private void report(Map<String, Integer> split, Host director, Path runDir) throws IOException {
        out.println("[root@server1 ~]# ipvsadm -Ln --stats");
        out.print(ipvsadm(director, runDir, "-Ln", "--stats"));
        out.println("# answers so far: " + split);
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("jvs demo: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
