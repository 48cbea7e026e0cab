package org.jvs.cli.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** {@link RoutedScenarios} on the tutorial's LVS-DR network (VIPs 172.25.254.100-103 on the real servers' lo). */
@Tag("netns")
class DrScenariosIT extends RoutedScenarios {
    @TempDir
    static Path work;
    private static NetLab lab;
    private static Cluster cluster;

    @BeforeAll
    static void buildTheTutorialNetwork() throws Exception {
        assumeTrue(NetLab.available(), "skipped: the LVS-DR tests build network namespaces and need root");
        lab = NetLab.create("jvsdrs");
        cluster = build(lab, work, "172.25.254.", new int[] {10, 1, 2, 3},
                List.of("172.25.254.100", "172.25.254.101", "172.25.254.102", "172.25.254.103"), "-g", (rs, vips) -> {
                    for (String vip : vips) {
                        rs.run("ip", "addr", "add", vip + "/32", "dev", "lo");
                    }
                    for (String dev : List.of("all", "eth0")) {
                        rs.sysctl("net.ipv4.conf." + dev + ".arp_ignore", "1");
                        rs.sysctl("net.ipv4.conf." + dev + ".arp_announce", "2");
                    }
                });
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
