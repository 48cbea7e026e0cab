package org.jvs.heartbeat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jvs.heartbeat.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The takeover flows of heartbeat v1 between two nodes on a fake clock (keepalive 100 ms, deadtime 500 ms). */
class FailoverTest {
    private static final String A_GROUP = "IPaddr::10.0.0.100/24/eth0";
    private static final String B_GROUP = "IPaddr::10.0.0.200/24/eth0";

    private static String[] haCf(String failback) {
        return new String[] {"keepalive 100ms", "deadtime 500ms", "warntime 300ms", "initdead 1", "bcast eth0",
                "node a b", "auto_failback " + failback};
    }

    private static SimCluster pair(String failback) throws ConfigException {
        SimCluster c = new SimCluster(List.of("a " + A_GROUP + " httpd", "b " + B_GROUP), "a", "b");
        c.add("a", haCf(failback));
        c.add("b", haCf(failback));
        return c;
    }

    private static boolean settled(SimCluster c, String a, String b) {
        return c.host("a").resources().equals(a) && c.host("b").resources().equals(b);
    }

    @Test
    void nodesStartingTogetherEachTakeTheirOwnGroup() throws ConfigException {
        SimCluster c = pair("on");
        c.start("a");
        c.start("b");
        c.runUntil(15_000, () -> settled(c, "local", "local"));
        assertThat(c.holders(A_GROUP)).containsExactly("a");
        assertThat(c.holders(B_GROUP)).containsExactly("b");
        assertThat(c.host("a").statusOf("b")).isEqualTo("active");
    }

    @Test
    void aNodeAloneTakesEverythingOnceInitdeadHasPassed() throws ConfigException {
        SimCluster c = pair("on");
        c.start("a");
        c.runFor(900);
        assertThat(c.holders(A_GROUP)).isEmpty();
        c.runUntil(15_000, () -> c.host("a").resources().equals("all"));
        assertThat(c.holders(A_GROUP)).containsExactly("a");
        assertThat(c.holders(B_GROUP)).containsExactly("a");
        assertThat(c.host("a").statusOf("b")).isEqualTo("dead");
    }

    private static SimCluster running(String failback) throws ConfigException {
        SimCluster c = pair(failback);
        c.start("a");
        c.start("b");
        if (failback.equals("legacy")) {
            // Legacy mode keeps no record of what it holds: look at the groups themselves.
            c.runUntil(15_000, () -> c.holders(A_GROUP).equals(List.of("a")) && c.holders(B_GROUP).equals(List.of("b")));
        } else {
            c.runUntil(15_000, () -> settled(c, "local", "local"));
        }
        return c;
    }

    @Test
    void peerDeathMovesItsGroupWithinDeadtime() throws ConfigException {
        SimCluster c = running("on");
        c.crash("a");
        long ms = c.runUntil(5_000, () -> c.holders(A_GROUP).equals(List.of("b")));
        // The last heartbeat came up to one keepalive before the crash.
        assertThat(ms).isBetween(400L, 700L);
        c.runUntil(2_000, () -> c.host("b").resources().equals("all"));
        assertThat(c.host("b").statusOf("a")).isEqualTo("dead");
    }

    @Test
    void autoFailbackOnReturnsTheGroupToItsPreferredNode() throws ConfigException {
        SimCluster c = running("on");
        c.crash("a");
        c.runUntil(5_000, () -> c.host("b").resources().equals("all"));
        c.start("a");
        c.runUntil(20_000, () -> c.holders(A_GROUP).equals(List.of("a")) && settled(c, "local", "local"));
        assertThat(c.holders(B_GROUP)).containsExactly("b");
    }

    @Test
    void autoFailbackOffLeavesTheGroupWhereItIs() throws ConfigException {
        SimCluster c = running("off");
        c.crash("a");
        c.runUntil(5_000, () -> c.host("b").resources().equals("all"));
        c.start("a");
        c.runUntil(20_000, () -> settled(c, "none", "all"));
        c.runFor(15_000);
        assertThat(c.holders(A_GROUP)).containsExactly("b");
        assertThat(c.host("a").resources()).isEqualTo("none");
    }

    @Test
    void standbyHandsEverythingToThePeerAndTakeoverBringsItBack() throws ConfigException {
        SimCluster c = running("off");
        c.host("a").node.standby("all", c.now);
        c.runUntil(5_000, () -> settled(c, "none", "all"));
        assertThat(c.holders(A_GROUP)).containsExactly("b");
        assertThat(c.holders(B_GROUP)).containsExactly("b");
        c.host("a").node.takeover("all", c.now);
        c.runUntil(5_000, () -> settled(c, "all", "none"));
        assertThat(c.holders(A_GROUP)).containsExactly("a");
        assertThat(c.holders(B_GROUP)).containsExactly("a");
    }

    @Test
    void standbyOfTheForeignSetIsFailback() throws ConfigException {
        SimCluster c = running("off");
        c.crash("a");
        c.runUntil(5_000, () -> c.host("b").resources().equals("all"));
        c.start("a");
        c.runUntil(20_000, () -> settled(c, "none", "all"));
        c.host("b").node.standby("foreign", c.now);
        c.runUntil(5_000, () -> settled(c, "local", "local"));
        assertThat(c.holders(A_GROUP)).containsExactly("a");
    }

    @Test
    void gracefulShutdownHandsGroupsOverBeforeDeadtime() throws ConfigException {
        SimCluster c = running("on");
        c.host("a").node.shutdown(c.now);
        long ms = c.runUntil(5_000, () -> c.holders(A_GROUP).equals(List.of("b")));
        assertThat(ms).isLessThan(500L);
        c.runUntil(3_000, () -> c.host("a").node.finished());
        assertThat(c.host("a").running).isEmpty();
        c.runUntil(3_000, () -> c.host("b").resources().equals("all"));
    }

    @Test
    void legacyModeAsksForGroupsWithIpRequest() throws ConfigException {
        SimCluster c = running("legacy");
        assertThat(c.holders(A_GROUP)).containsExactly("a");
        assertThat(c.holders(B_GROUP)).containsExactly("b");
        c.crash("a");
        c.runUntil(5_000, () -> c.holders(A_GROUP).equals(List.of("b")));
        c.start("a");
        c.runUntil(20_000, () -> c.holders(A_GROUP).equals(List.of("a")));
        assertThat(c.host("b").log).contains("give " + A_GROUP);
    }

    @Test
    void aGroupNeverRunsOnBothNodesThroughCrashesAndReturns() throws ConfigException {
        for (String mode : List.of("on", "off", "legacy")) {
            SimCluster c = running(mode);
            for (int round = 0; round < 3; round++) {
                String victim = round % 2 == 0 ? "a" : "b";
                c.crash(victim);
                for (int i = 0; i < 300; i++) {
                    c.runFor(10);
                    assertThat(c.holders(A_GROUP)).as(mode).hasSizeLessThanOrEqualTo(1);
                    assertThat(c.holders(B_GROUP)).as(mode).hasSizeLessThanOrEqualTo(1);
                }
                c.start(victim);
                for (int i = 0; i < 2500; i++) {
                    c.runFor(10);
                    assertThat(c.holders(A_GROUP)).as(mode).hasSizeLessThanOrEqualTo(1);
                    assertThat(c.holders(B_GROUP)).as(mode).hasSizeLessThanOrEqualTo(1);
                }
                assertThat(c.holders(A_GROUP)).as(mode).hasSize(1);
                assertThat(c.holders(B_GROUP)).as(mode).hasSize(1);
            }
        }
    }
}
