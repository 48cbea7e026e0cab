package org.jvs.cli.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** {@link RoutedScenarios} on the tutorial's LVS-DR network (VIPs 172.25.254.100-103 on the real servers' lo). */
@Tag("netns")
class DrScenariosIT extends RoutedScenarios {
    private static final List<String> VIPS = List.of("172.25.254.100", "172.25.254.101", "172.25.254.102",
            "172.25.254.103");
    @TempDir
    static Path work;
    private static NetLab lab;
    private static Cluster cluster;

    @BeforeAll
    static void buildTheTutorialNetwork() throws Exception {
        assumeTrue(NetLab.available(), "skipped: the LVS-DR tests build network namespaces and need root");
        lab = NetLab.create("jvsdrs");
        Host lan = lab.switchHost("lan");
        Host client = lab.host("client");
        Host dir = lab.host("director");
        Host rs1 = lab.host("rs1");
        Host rs2 = lab.host("rs2");
        lab.attach(lan, client, "eth0", "172.25.254.10/24");
        lab.attach(lan, dir, "eth0", "172.25.254.1/24");
        for (String vip : VIPS) {
            dir.run("ip", "addr", "add", vip + "/24", "dev", "eth0");
        }
        lab.attach(lan, rs1, "eth0", "172.25.254.2/24");
        lab.attach(lan, rs2, "eth0", "172.25.254.3/24");
        for (Host rs : List.of(rs1, rs2)) {
            for (String vip : VIPS) {
                rs.run("ip", "addr", "add", vip + "/32", "dev", "lo");
            }
            for (String dev : List.of("all", "eth0")) {
                rs.sysctl("net.ipv4.conf." + dev + ".arp_ignore", "1");
                rs.sysctl("net.ipv4.conf." + dev + ".arp_announce", "2");
            }
            WebServers.serve(rs, work);
        }
        cluster = new Cluster(client, rs1, rs2, DirectorHost.start(dir, work), VIPS, "172.25.254.2", "172.25.254.3",
                "-g", work);
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
