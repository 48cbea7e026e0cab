package org.jvs.cli.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RoutedScenarios} on the tutorial's LVS-TUN network (VIPs 192.168.122.100-103, real servers .22 and
 * .33 running {@code jvs realserver tun}: no ipip module on these machines).
 */
@Tag("netns")
class TunScenariosIT extends RoutedScenarios {
    private static final List<String> VIPS = List.of("192.168.122.100", "192.168.122.101", "192.168.122.102",
            "192.168.122.103");
    @TempDir
    static Path work;
    private static NetLab lab;
    private static Cluster cluster;

    @BeforeAll
    static void buildTheTutorialNetwork() throws Exception {
        assumeTrue(NetLab.available(), "skipped: the LVS-TUN tests build network namespaces and need root");
        lab = NetLab.create("jvstns");
        Host lan = lab.switchHost("lan");
        Host client = lab.host("client");
        Host dir = lab.host("director");
        Host rs1 = lab.host("rs1");
        Host rs2 = lab.host("rs2");
        lab.attach(lan, client, "eth0", "192.168.122.50/24");
        lab.attach(lan, dir, "eth0", "192.168.122.11/24");
        for (String vip : VIPS) {
            dir.run("ip", "addr", "add", vip + "/24", "dev", "eth0");
        }
        lab.attach(lan, rs1, "eth0", "192.168.122.22/24");
        lab.attach(lan, rs2, "eth0", "192.168.122.33/24");
        for (Host rs : List.of(rs1, rs2)) {
            tunnelEndpoint(rs);
            WebServers.serve(rs, work);
        }
        cluster = new Cluster(client, rs1, rs2, DirectorHost.start(dir, work), VIPS, "192.168.122.22",
                "192.168.122.33", "-i", work);
    }

    private static void tunnelEndpoint(Host rs) throws IOException, InterruptedException {
        Path log = work.resolve("realserver-" + rs.name() + ".log");
        List<String> command = new java.util.ArrayList<>(List.of(DirectorHost.JVS.toString(), "realserver", "tun"));
        VIPS.forEach(vip -> command.addAll(List.of("--vip", vip)));
        Process p = rs.spawn(log, command.toArray(String[]::new));
        for (int i = 0; i < 200 && !rs.run("ip", "-o", "addr", "show").contains(VIPS.getLast() + "/32"); i++) {
            if (!p.isAlive()) {
                throw new IOException("jvs realserver exited: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Override
    protected Cluster cluster() {
        return cluster;
    }
}
