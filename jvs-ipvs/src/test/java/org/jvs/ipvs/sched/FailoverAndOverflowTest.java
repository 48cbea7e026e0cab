package org.jvs.ipvs.sched;

import static org.assertj.core.api.Assertions.assertThat;

import org.jvs.ipvs.service.RealServer;
import org.junit.jupiter.api.Test;

class FailoverAndOverflowTest {

    @Test
    void foSendsEverythingToTheHighestWeightFirstInListOrder() throws Exception {
        Cluster c = new Cluster("fo");
        RealServer[] s = c.inListOrder(1, 5, 5);
        Cluster.connect(s[1], 100, 0);

        assertThat(c.sequence(3)).isEqualTo("BBB");
    }

    @Test
    void foFailsOverWhenTheHighestIsQuiescedOrOverloaded() throws Exception {
        Cluster c = new Cluster("fo");
        RealServer low = c.add('C', 1);
        RealServer mid = c.add('B', 5, 1, 0);
        RealServer high = c.add('A', 10);

        c.setWeight(high, 0);
        assertThat(c.name(c.schedule())).isEqualTo("B");

        Cluster.connect(mid, 1, 0);
        assertThat(c.name(c.schedule())).isEqualTo("C");

        c.setWeight(low, 0);
        assertThat(c.schedule()).isNull();
    }

    @Test
    void ovfFillsTheHighestWeightUpToItsWeightThenOverflows() throws Exception {
        Cluster c = new Cluster("ovf");
        RealServer[] s = c.inListOrder(2, 3);

        StringBuilder seq = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            RealServer d = c.schedule();
            seq.append(c.name(d));
            if (d != null) {
                Cluster.connect(d, 1, 0);
            }
        }

        // B takes connections while its active count is at most 3 (so 4 of them), then A 3, then none.
        assertThat(seq.toString()).isEqualTo("BBBBAAA-");
        assertThat(s[1].activeConns()).isEqualTo(4);
    }

    @Test
    void ovfCountsOnlyActiveConnections() throws Exception {
        Cluster c = new Cluster("ovf");
        RealServer[] s = c.inListOrder(1, 2);
        Cluster.connect(s[1], 2, 500);

        assertThat(c.name(c.schedule())).isEqualTo("B");
    }

    @Test
    void ovfBreaksTiesForTheFirstAndSkipsQuiescentServers() throws Exception {
        Cluster c = new Cluster("ovf");
        c.inListOrder(0, 4, 4);

        assertThat(c.sequence(2)).isEqualTo("BB");
    }
}
