package org.jvs.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("netns")
class NetLabTest {

    @Test
    void hostsOnALinkReachEachOtherAndEverythingIsRemovedOnClose() throws Exception {
        assumeTrue(NetLab.available(), "skipped: building network namespaces needs root");
        String a;
        try (NetLab lab = NetLab.create("jvslabt")) {
            Host h1 = lab.host("h1");
            Host h2 = lab.host("h2");
            lab.link(h1, "eth0", "10.99.0.1/24", h2, "eth0", "10.99.0.2/24");
            a = h1.namespace();
            Process sleeper = h2.spawn(null, "sleep", "60");
            assertThat(h1.run("ip", "-o", "addr", "show", "dev", "eth0")).contains("10.99.0.1/24");
            assertThat(h2.run("ip", "route", "get", "10.99.0.1")).contains("dev eth0");
            // No route out of the lab: nothing can leak to a real network.
            assertThat(h1.tryRun("ip", "route", "get", "8.8.8.8").exitCode()).isNotZero();
            h1.run("python3", "-c", "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM);"
                    + "s.sendto(b'x', ('10.99.0.2', 9))");
            assertThat(sleeper.isAlive()).isTrue();
        }
        assertThat(Shell.run(List.of("ip", "netns", "list"))).doesNotContain(a);
    }
}
