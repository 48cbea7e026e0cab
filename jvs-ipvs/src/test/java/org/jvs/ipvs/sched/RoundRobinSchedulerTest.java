package org.jvs.ipvs.sched;

import static org.assertj.core.api.Assertions.assertThat;

import org.jvs.ipvs.service.RealServer;
import org.junit.jupiter.api.Test;

class RoundRobinSchedulerTest {

    @Test
    void rrVisitsServersInKernelListOrder() throws Exception {
        Cluster c = new Cluster("rr");
        c.inListOrder(1, 1, 1);

        assertThat(c.sequence(7)).isEqualTo("ABCABCA");
    }

    @Test
    void rrFirstPicksTheMostRecentlyAddedServer() throws Exception {
        Cluster c = new Cluster("rr");
        c.add('A', 1);
        c.add('B', 1);

        assertThat(c.sequence(4)).isEqualTo("BABA");
    }

    @Test
    void rrIgnoresWeightsAboveZero() throws Exception {
        Cluster c = new Cluster("rr");
        c.inListOrder(100, 1, 7);

        assertThat(c.sequence(6)).isEqualTo("ABCABC");
    }

    @Test
    void rrSkipsQuiescentServers() throws Exception {
        Cluster c = new Cluster("rr");
        RealServer[] s = c.inListOrder(1, 1, 1);
        c.setWeight(s[1], 0);

        assertThat(c.sequence(4)).isEqualTo("ACAC");
    }

    @Test
    void rrSkipsOverloadedServers() throws Exception {
        Cluster c = new Cluster("rr");
        c.add('C', 1);
        RealServer b = c.add('B', 1, 2, 0);
        c.add('A', 1);
        Cluster.connect(b, 1, 1);

        assertThat(b.overloaded()).isTrue();
        assertThat(c.sequence(4)).isEqualTo("ACAC");
    }

    @Test
    void rrStepsTheCursorBackWhenItsServerIsDeleted() throws Exception {
        Cluster c = new Cluster("rr");
        RealServer[] s = c.inListOrder(1, 1, 1, 1);
        assertThat(c.sequence(2)).isEqualTo("AB");

        c.delete(s[1]);

        // The cursor moved back to A, so the rotation continues with B's successor.
        assertThat(c.sequence(4)).isEqualTo("CDAC");
    }

    @Test
    void rrCursorStepsBackToHeadWhenTheFirstServerUnderItIsDeleted() throws Exception {
        Cluster c = new Cluster("rr");
        RealServer[] s = c.inListOrder(1, 1, 1);
        assertThat(c.sequence(1)).isEqualTo("A");

        c.delete(s[0]);

        assertThat(c.sequence(3)).isEqualTo("BCB");
    }

    @Test
    void rrKeepsTheCursorWhenAnotherServerIsDeleted() throws Exception {
        Cluster c = new Cluster("rr");
        RealServer[] s = c.inListOrder(1, 1, 1, 1);
        assertThat(c.sequence(1)).isEqualTo("A");

        c.delete(s[2]);

        assertThat(c.sequence(3)).isEqualTo("BDA");
    }

    @Test
    void rrInsertsANewServerAtTheHeadWithoutMovingTheCursor() throws Exception {
        Cluster c = new Cluster("rr");
        c.add('B', 1);
        c.add('A', 1);
        assertThat(c.sequence(1)).isEqualTo("A");

        c.add('C', 1);

        // List is now C, A, B; the cursor stays on A.
        assertThat(c.sequence(4)).isEqualTo("BCAB");
    }

    @Test
    void rrReturnsNullWhenNoServerCanTakeConnections() throws Exception {
        Cluster c = new Cluster("rr");
        assertThat(c.schedule()).isNull();

        RealServer[] s = c.inListOrder(1, 1);
        c.setWeight(s[0], 0);
        c.setWeight(s[1], 0);
        assertThat(c.sequence(2)).isEqualTo("--");

        c.setWeight(s[1], 3);
        assertThat(c.sequence(2)).isEqualTo("BB");
    }

    @Test
    void rrFollowsAListChangeSeenBeforeTheTableAnnouncesIt() throws Exception {
        Cluster c = new Cluster("rr");
        RealServer[] s = c.inListOrder(1, 1, 1);
        assertThat(c.sequence(2)).isEqualTo("AB");

        // A data-plane thread may schedule between the array swap and onDestinationsChanged.
        c.service.removeDestination(s[1]);

        assertThat(c.sequence(3)).isEqualTo("CAC");
    }
}
