package org.jvs.ipvs.sched;

import static org.assertj.core.api.Assertions.assertThat;

import org.jvs.ipvs.service.RealServer;
import org.junit.jupiter.api.Test;

/** lc, wlc, sed and nq: load formulas, weight handling and the kernel's tie-breaks. */
class LeastConnectionFamilyTest {

    @Test
    void lcPicksTheFewestActiveTimes256PlusInactive() throws Exception {
        Cluster c = new Cluster("lc");
        RealServer[] s = c.inListOrder(1, 1, 1);
        Cluster.connect(s[0], 2, 0);   // 512
        Cluster.connect(s[1], 0, 300); // 300
        Cluster.connect(s[2], 1, 0);   // 256

        assertThat(c.name(c.schedule())).isEqualTo("C");
    }

    @Test
    void lcIgnoresWeightsAboveZero() throws Exception {
        Cluster c = new Cluster("lc");
        RealServer[] s = c.inListOrder(1, 100);
        Cluster.connect(s[1], 0, 1);

        assertThat(c.name(c.schedule())).isEqualTo("A");
    }

    @Test
    void lcBreaksTiesForTheFirstInListOrder() throws Exception {
        Cluster c = new Cluster("lc");
        RealServer[] s = c.inListOrder(1, 1, 1);
        Cluster.connect(s[0], 1, 0);

        assertThat(c.name(c.schedule())).isEqualTo("B");
    }

    @Test
    void lcSkipsQuiescentAndOverloadedServers() throws Exception {
        Cluster c = new Cluster("lc");
        RealServer cs = c.add('C', 1);
        RealServer b = c.add('B', 1, 1, 0);
        c.add('A', 0);
        Cluster.connect(cs, 3, 0);
        Cluster.connect(b, 1, 0);

        assertThat(c.name(c.schedule())).isEqualTo("C");
    }

    @Test
    void wlcIsTheDefaultScheduler() {
        assertThat(Schedulers.DEFAULT).isEqualTo("wlc");
        assertThat(Schedulers.create(Schedulers.DEFAULT)).isInstanceOf(WeightedLeastConnectionScheduler.class);
    }

    @Test
    void wlcPicksTheLeastOverheadPerWeight() throws Exception {
        Cluster c = new Cluster("wlc");
        RealServer[] s = c.inListOrder(1, 3);
        Cluster.connect(s[0], 1, 0); // 256 / 1
        Cluster.connect(s[1], 2, 0); // 512 / 3

        assertThat(c.name(c.schedule())).isEqualTo("B");
    }

    @Test
    void wlcBreaksAnExactTieForTheFirstInListOrder() throws Exception {
        Cluster c = new Cluster("wlc");
        RealServer[] s = c.inListOrder(2, 1);
        Cluster.connect(s[0], 2, 0); // 512 / 2
        Cluster.connect(s[1], 1, 0); // 256 / 1

        assertThat(c.name(c.schedule())).isEqualTo("A");
    }

    @Test
    void wlcCountsInactiveConnectionsAt1Over256OfActive() throws Exception {
        Cluster c = new Cluster("wlc");
        RealServer[] s = c.inListOrder(1, 1);
        Cluster.connect(s[0], 0, 300);
        Cluster.connect(s[1], 1, 0);

        assertThat(c.name(c.schedule())).isEqualTo("B");
    }

    @Test
    void wlcNeverGivesALaterIdleWeightZeroServerANewConnection() throws Exception {
        Cluster c = new Cluster("wlc");
        RealServer[] s = c.inListOrder(1, 0, 1);
        Cluster.connect(s[0], 5, 0);
        Cluster.connect(s[2], 9, 0);

        assertThat(c.name(c.schedule())).isEqualTo("A");
    }

    @Test
    void wlcStartsFromTheFirstServerWithWeight() throws Exception {
        Cluster c = new Cluster("wlc");
        RealServer[] s = c.inListOrder(0, 2, 1);
        Cluster.connect(s[1], 1, 0); // 256 / 2 = 128
        Cluster.connect(s[2], 0, 100); // 100 / 1

        assertThat(c.name(c.schedule())).isEqualTo("C");
    }

    @Test
    void wlcSpreadsConnectionsInProportionToWeights() throws Exception {
        Cluster c = new Cluster("wlc");
        RealServer[] s = c.inListOrder(1, 3);
        for (int i = 0; i < 40; i++) {
            Cluster.connect(c.schedule(), 1, 0);
        }

        assertThat(s[0].activeConns()).isEqualTo(10);
        assertThat(s[1].activeConns()).isEqualTo(30);
    }

    @Test
    void sedCountsTheIncomingConnectionWhereWlcDoesNot() throws Exception {
        Cluster sed = new Cluster("sed");
        Cluster.connect(sed.inListOrder(1, 3)[1], 1, 0);
        Cluster wlc = new Cluster("wlc");
        Cluster.connect(wlc.inListOrder(1, 3)[1], 1, 0);

        // sed: A (0 + 1) / 1 against B (1 + 1) / 3; wlc: A 0 / 1 against B 256 / 3.
        assertThat(sed.name(sed.schedule())).isEqualTo("B");
        assertThat(wlc.name(wlc.schedule())).isEqualTo("A");
    }

    @Test
    void sedIgnoresInactiveConnections() throws Exception {
        Cluster c = new Cluster("sed");
        RealServer[] s = c.inListOrder(1, 1);
        Cluster.connect(s[0], 0, 1000);
        Cluster.connect(s[1], 1, 0);

        assertThat(c.name(c.schedule())).isEqualTo("A");
    }

    @Test
    void sedBreaksTiesForTheFirstInListOrder() throws Exception {
        Cluster c = new Cluster("sed");
        RealServer[] s = c.inListOrder(1, 2);
        Cluster.connect(s[1], 1, 0); // (1 + 1) / 2 equals (0 + 1) / 1

        assertThat(c.name(c.schedule())).isEqualTo("A");
    }

    @Test
    void nqSendsToTheFirstIdleServerWhateverTheWeights() throws Exception {
        Cluster c = new Cluster("nq");
        RealServer[] s = c.inListOrder(1, 100, 1);
        Cluster.connect(s[0], 1, 0);
        Cluster.connect(s[1], 5, 0);

        assertThat(c.name(c.schedule())).isEqualTo("C");
    }

    @Test
    void nqIgnoresInactiveConnectionsWhenLookingForAnIdleServer() throws Exception {
        Cluster c = new Cluster("nq");
        RealServer[] s = c.inListOrder(1, 100);
        Cluster.connect(s[0], 0, 50);

        assertThat(c.name(c.schedule())).isEqualTo("A");
    }

    @Test
    void nqFallsBackToShortestExpectedDelayWhenAllAreBusy() throws Exception {
        Cluster c = new Cluster("nq");
        RealServer[] s = c.inListOrder(1, 3, 3);
        Cluster.connect(s[0], 1, 0); // 2 / 1
        Cluster.connect(s[1], 2, 0); // 3 / 3
        Cluster.connect(s[2], 2, 0); // 3 / 3, tie keeps B

        assertThat(c.name(c.schedule())).isEqualTo("B");
    }

    @Test
    void nqSkipsAnIdleQuiescentServer() throws Exception {
        Cluster c = new Cluster("nq");
        RealServer[] s = c.inListOrder(0, 1);
        Cluster.connect(s[1], 4, 0);

        assertThat(c.name(c.schedule())).isEqualTo("B");
    }
}
