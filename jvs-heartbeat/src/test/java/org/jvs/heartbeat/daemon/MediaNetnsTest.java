package org.jvs.heartbeat.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unicast and multicast media on real sockets: two jvs nodes joined by two links, one medium each. */
@Tag("netns")
class MediaNetnsTest {

    @Test
    void ucastAndMcastLinksBothCarryHeartbeatsAndALostLinkIsReported(@TempDir Path dir) throws Exception {
        assumeTrue(NetLab.available(), "skipped: network namespaces need root");
        try (NetLab lab = NetLab.create("jvshbu")) {
            Host a = lab.host("a");
            Host b = lab.host("b");
            lab.link(a, "eth0", "10.87.0.1/24", b, "eth0", "10.87.0.2/24");
            lab.link(a, "eth1", "10.87.1.1/24", b, "eth1", "10.87.1.2/24");
            LabNode na = LabNode.create(a, "alpha", dir.resolve("alpha"), false);
            LabNode nb = LabNode.create(b, "beta", dir.resolve("beta"), false);
            for (LabNode n : new LabNode[] {na, nb}) {
                String peer = n == na ? "10.87.0.2" : "10.87.0.1";
                n.write("ha.cf", "keepalive 100ms\ndeadtime 500ms\ninitdead 1\nucast eth0 " + peer
                        + "\nmcast eth1 225.0.0.17 694 1 0\nauto_failback off\nnode alpha beta\n");
                n.write("authkeys", "auth 3\n3 md5 multicast-and-unicast\n");
                n.write("haresources", "alpha 10.87.0.100\n");
                n.start();
            }
            LabNode.await(Duration.ofSeconds(30), "both links up on both nodes",
                    () -> TutorialPairNetnsTest.uncheck(() -> {
                        String s = na.jvs("status");
                        String t = nb.jvs("status");
                        return s.contains("Link beta:eth0 up") && s.contains("Link beta:eth1 up")
                                && t.contains("Link alpha:eth0 up") && t.contains("Link alpha:eth1 up");
                    }), na, nb);
            LabNode.await(Duration.ofSeconds(20), "alpha to hold its group",
                    () -> TutorialPairNetnsTest.uncheck(() -> na.holds("10.87.0.100")), na, nb);
            // Cutting one link loses that medium only: the nodes stay in touch over the other.
            a.run("ip", "link", "set", "eth1", "down");
            LabNode.await(Duration.ofSeconds(10), "beta to report the multicast link dead",
                    () -> TutorialPairNetnsTest.uncheck(() -> nb.jvs("status").contains("Link alpha:eth1 dead")), nb);
            assertThat(nb.jvs("status")).contains("Node alpha: active");
            assertThat(nb.holds("10.87.0.100")).isFalse();
            na.jvs("stop");
            nb.jvs("stop");
        }
    }
}
