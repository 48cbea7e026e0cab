package org.jvs.ipvs.sched;

import static org.assertj.core.api.Assertions.assertThat;

import org.jvs.ipvs.service.RealServer;
import org.junit.jupiter.api.Test;

/**
 * Expected sequences follow ip_vs_wrr.c step by step; letters are in kernel list order. Most tests
 * bind wrr to a service that already has its servers ({@code ipvsadm -E -s wrr}), so the first
 * pass starts at the maximum weight.
 */
class WeightedRoundRobinSchedulerTest {

    private static Cluster wrrOver(int... weights) throws Exception {
        Cluster c = new Cluster("rr");
        c.inListOrder(weights);
        c.switchScheduler("wrr");
        return c;
    }

    @Test
    void wrrFollowsKernelSequenceForWeights432() throws Exception {
        assertThat(wrrOver(4, 3, 2).sequence(18)).isEqualTo("AABABCABC" + "AABABCABC");
    }

    @Test
    void wrrFollowsKernelSequenceForWeights511() throws Exception {
        assertThat(wrrOver(5, 1, 1).sequence(14)).isEqualTo("AAAAABC" + "AAAAABC");
    }

    @Test
    void wrrDividesWeightsByTheirGcd() throws Exception {
        assertThat(wrrOver(100, 50).sequence(9)).isEqualTo("AAB" + "AAB" + "AAB");
    }

    @Test
    void wrrStartsMidCycleWhenServersAreAddedOneByOne() throws Exception {
        Cluster c = new Cluster("wrr");
        // Adding C (2) sets cw = 2; adding B (3) and A (4) keeps it, as ip_vs_wrr_dest_changed does.
        c.inListOrder(4, 3, 2);

        assertThat(c.sequence(12)).isEqualTo("ABC" + "AABABCABC");
    }

    @Test
    void wrrNeverChoosesAQuiescentServer() throws Exception {
        assertThat(wrrOver(3, 0, 1).sequence(8)).isEqualTo("AAAC" + "AAAC");
    }

    @Test
    void wrrSkipsAnOverloadedServer() throws Exception {
        Cluster c = new Cluster("rr");
        c.add('C', 2);
        RealServer b = c.add('B', 3, 1, 0);
        c.add('A', 4);
        Cluster.connect(b, 1, 0);
        c.switchScheduler("wrr");

        assertThat(c.sequence(8)).isEqualTo("AAACACAA");
    }

    @Test
    void wrrReturnsNullWhenEveryServerIsOverloadedOrNoneHasWeight() throws Exception {
        Cluster c = new Cluster("wrr");
        assertThat(c.schedule()).isNull();

        RealServer b = c.add('B', 1, 1, 0);
        RealServer a = c.add('A', 2, 1, 0);
        Cluster.connect(a, 1, 0);
        Cluster.connect(b, 1, 0);
        assertThat(c.sequence(2)).isEqualTo("--");

        Cluster.disconnectActive(a, 1);
        assertThat(c.sequence(2)).isEqualTo("AA");
    }

    @Test
    void wrrRealignsTheCurrentWeightToTheNewGcdOnAnEdit() throws Exception {
        Cluster c = wrrOver(4, 1);
        assertThat(c.sequence(3)).isEqualTo("AAA"); // cw is now 2

        // di becomes 2 and mw 3; cw 2 is realigned to (2 / 2) * 2 + 1 = 3, the cursor to the head.
        c.setWeight(c.service.destinations()[1], 2);

        assertThat(c.sequence(9)).isEqualTo("AAB" + "AAB" + "AAB");
    }

    @Test
    void wrrKeepsTheCurrentWeightOnAnEditWhenItStillFits() throws Exception {
        Cluster c = wrrOver(6, 4);
        assertThat(c.sequence(2)).isEqualTo("AA"); // cw is now 3

        // di stays 2, mw = 5; cw 3 is already (3 / 2) * 2 + 1 and the cursor returns to the head.
        c.setWeight(c.service.destinations()[1], 2);

        assertThat(c.sequence(8)).isEqualTo("AABAAABA");
    }

    @Test
    void wrrRestartsFromTheHeadWhenAServerIsAdded() throws Exception {
        Cluster c = wrrOver(4, 3, 2);
        assertThat(c.sequence(4)).isEqualTo("AABA");

        c.add('D', 1);

        // List D, A, B, C; cw = 2 is kept and the walk starts again at the head.
        assertThat(c.sequence(12)).isEqualTo("ABCDABCAABAB");
    }
}
