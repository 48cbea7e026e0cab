package org.jvs.cli.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
    @TempDir
    static Path work;
    private static NetLab lab;
    private static Cluster cluster;

    @BeforeAll
    static void buildTheTutorialNetwork() throws Exception {
        assumeTrue(NetLab.available(), "skipped: the LVS-TUN tests build network namespaces and need root");
        lab = NetLab.create("jvstns");
        cluster = build(lab, work, "192.168.122.", new int[] {50, 11, 22, 33},
                List.of("192.168.122.100", "192.168.122.101", "192.168.122.102", "192.168.122.103"), "-i",
                TunScenariosIT::tunnelEndpoint);
    }

    /** {@code jvs realserver tun --vip ...} on {@code rs}, running once it says so. */
    private static void tunnelEndpoint(Host rs, List<String> vips) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("tun"));
        vips.forEach(vip -> args.addAll(List.of("--vip", vip)));
        RealServerProcess.start(rs, work, args.toArray(String[]::new));
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
