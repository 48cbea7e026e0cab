package org.jvs.heartbeat.cluster;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void scratch() throws Exception {
        for (int offset : new int[] {0, 50, 150, 300, 600, 900}) {
            SimCluster c = new SimCluster(List.of("a 10.0.0.100", "b 10.0.0.200"), "a", "b");
            String[] cf = {"keepalive 100ms", "deadtime 500ms", "initdead 1", "bcast eth0", "node a b", "auto_failback on"};
            c.add("a", cf);
            c.add("b", cf);
            System.err.println("=== offset " + offset);
            c.start("a");
            c.runFor(offset);
            c.start("b");
            c.runFor(25_000);
            System.err.println("=== offset " + offset + " holders " + c.holders("10.0.0.100") + c.holders("10.0.0.200"));
        }
    }
}
