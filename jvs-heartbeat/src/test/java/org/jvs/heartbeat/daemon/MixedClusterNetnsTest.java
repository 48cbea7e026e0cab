package org.jvs.heartbeat.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jvs node and Debian's heartbeat 3.0.6 form one cluster: they see each other active, each holds
 * its own group, groups fail over both ways and come back with auto_failback on, and a node
 * signing with the wrong key is rejected by both without changing anything.
 */
@Tag("netns")
class MixedClusterNetnsTest {
    private static final String VIP1 = "10.89.0.101";
    private static final String VIP2 = "10.89.0.102";

    private static final String HA_CF = """
            keepalive 200ms
            deadtime 1
            warntime 500ms
            initdead 3
            udpport 694
            bcast eth0
            auto_failback on
            node node1 node2
            """;

    private static LabNode node(Host h, String name, Path dir, boolean debian, String key) throws IOException {
        LabNode n = LabNode.create(h, name, dir.resolve(name + (debian ? "-debian" : "-jvs")), debian);
        n.write("ha.cf", (debian ? "logfile " + n.dir.resolve("ha-log") + "\n" : "") + HA_CF);
        n.write("authkeys", "auth 1\n1 sha1 " + key + "\n");
        n.write("haresources", "node1 IPaddr2::" + VIP1 + "/24/eth0\nnode2 IPaddr2::" + VIP2 + "/24/eth0\n");
        return n;
    }

    @Test
    void jvsAndDebianHeartbeatFailOverBothWaysAndRejectAWrongKey(@TempDir Path dir) throws Exception {
        assumeTrue(NetLab.available(), "skipped: network namespaces need root");
        assumeTrue(LabNode.debianAvailable(), "skipped: Debian's heartbeat package is not installed");
        try (NetLab lab = NetLab.create("jvshbm")) {
            Segment seg = new Segment(lab);
            Host h1 = seg.attach("n1", "10.89.0.1/24");
            Host h2 = seg.attach("n2", "10.89.0.2/24");
            LabNode debian = node(h1, "node1", dir, true, "secretkey");
            LabNode jvs = node(h2, "node2", dir, false, "secretkey");
            debian.start();
            jvs.start();
            LabNode.await(Duration.ofSeconds(40), "each node holding its own VIP",
                    () -> uncheck(() -> debian.holds(VIP1) && jvs.holds(VIP2)), debian, jvs);
            assertThat(debian.log()).contains("Status update for node node2: status active");
            assertThat(jvs.jvs("status")).contains("Node node1: active");

            // A third machine claiming to be node2 with the wrong key changes nothing on either side.
            Host h3 = seg.attach("n3", "10.89.0.3/24");
            LabNode intruder = node(h3, "node2", dir.resolve("intruder"), false, "wrongkey");
            intruder.start();
            LabNode.await(Duration.ofSeconds(20), "the wrong key to be noticed by both",
                    () -> uncheck(() -> jvs.jvs("status").contains("BAD_AUTH")
                            && debian.log().contains("failed authentication")), debian, jvs);
            intruder.kill9();
            h3.run("ip", "link", "set", "eth0", "down");
            assertThat(debian.holds(VIP1) && jvs.holds(VIP2)).isTrue();
            assertThat(jvs.jvs("status")).contains("Node node1: active");

            // Debian's node dies: jvs takes its VIP within about the dead time.
            debian.kill9();
            h1.run("ip", "addr", "del", VIP1 + "/24", "dev", "eth0");
            LabNode.await(Duration.ofSeconds(10), "jvs to take node1's VIP", () -> uncheck(() -> jvs.holds(VIP1)), jvs);
            // It comes back: auto_failback hands its group back through the standby exchange.
            debian.start();
            LabNode.await(Duration.ofSeconds(60), "node1's VIP back on Debian's node",
                    () -> uncheck(() -> debian.holds(VIP1) && !jvs.holds(VIP1) && jvs.holds(VIP2)), debian, jvs);

            // The jvs node dies: Debian's node takes its VIP, then hands it back when jvs returns.
            jvs.kill9();
            h2.run("ip", "addr", "del", VIP2 + "/24", "dev", "eth0");
            LabNode.await(Duration.ofSeconds(10), "Debian's node to take node2's VIP",
                    () -> uncheck(() -> debian.holds(VIP2)), debian);
            jvs.start();
            LabNode.await(Duration.ofSeconds(60), "node2's VIP back on jvs",
                    () -> uncheck(() -> jvs.holds(VIP2) && !debian.holds(VIP2) && debian.holds(VIP1)), debian, jvs);
            debian.kill9();
        }
    }

    static boolean uncheck(TutorialPairNetnsTest.IoSupplier s) {
        return TutorialPairNetnsTest.uncheck(s);
    }
}
