package org.jvs.heartbeat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jvs.heartbeat.config.ConfigException;

/**
 * Random crashes, restarts, standbys and takeovers on the fake clock: a group never runs on two
 * nodes at once, and once things calm down every group runs somewhere.
 */
class FailoverPropertiesTest {
    private static final List<String> GROUPS = List.of("10.0.0.100", "10.0.0.200");

    @Provide
    Arbitrary<List<String>> scripts() {
        return Arbitraries.of("crash a", "crash b", "start a", "start b", "standby a all", "standby b all",
                "standby a foreign", "standby b local", "takeover a all", "takeover b foreign", "stop a", "stop b",
                "wait").list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 60)
    void groupsNeverRunTwiceAndAlwaysEndUpRunning(@ForAll("scripts") List<String> script,
                                                  @ForAll("modes") String mode) throws ConfigException {
        SimCluster c = new SimCluster(List.of("a " + GROUPS.get(0), "b " + GROUPS.get(1)), "a", "b");
        String[] cf = {"keepalive 100ms", "deadtime 500ms", "initdead 1", "bcast eth0", "node a b",
                "auto_failback " + mode};
        c.add("a", cf);
        c.add("b", cf);
        c.start("a");
        c.start("b");
        runChecked(c, 12_000);
        for (String step : script) {
            String[] w = step.split(" ");
            SimCluster.Host h = w.length > 1 ? c.host(w[1]) : null;
            switch (w[0]) {
                case "crash" -> c.crash(w[1]);
                case "start" -> {
                    if (!h.up) {
                        c.start(w[1]);
                    }
                }
                case "standby" -> {
                    if (h.up) {
                        h.node.standby(w[2], c.now);
                    }
                }
                case "takeover" -> {
                    if (h.up) {
                        h.node.takeover(w[2], c.now);
                    }
                }
                case "stop" -> {
                    if (h.up) {
                        h.node.shutdown(c.now);
                    }
                }
                default -> {
                }
            }
            runChecked(c, 3_000);
        }
        // Calm: both nodes up again, enough time for RQSTDELAY, standby and failback.
        for (String n : List.of("a", "b")) {
            if (!c.host(n).up) {
                c.start(n);
            }
        }
        runChecked(c, 30_000);
        for (String g : GROUPS) {
            assertThat(c.holders(g)).as(g + " after " + script).hasSize(1);
        }
    }

    @Provide
    Arbitrary<String> modes() {
        return Arbitraries.of("on", "off", "legacy");
    }

    private static void runChecked(SimCluster c, long ms) {
        for (long t = 0; t < ms; t += 10) {
            c.runFor(10);
            for (String g : GROUPS) {
                assertThat(c.holders(g)).as(g + " at " + c.now).hasSizeLessThanOrEqualTo(1);
            }
        }
    }
}
