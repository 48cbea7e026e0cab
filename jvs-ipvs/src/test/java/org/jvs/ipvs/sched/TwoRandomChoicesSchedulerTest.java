package org.jvs.ipvs.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jvs.ipvs.service.RealServer;
import org.junit.jupiter.api.Test;

class TwoRandomChoicesSchedulerTest {

    /** Hands out scripted draws and records the bounds they were asked for. */
    private static final class ScriptedRandom implements RandomGenerator {
        final Deque<Integer> draws = new ArrayDeque<>();
        final List<Integer> bounds = new ArrayList<>();

        ScriptedRandom draws(int... values) {
            for (int v : values) {
                draws.add(v);
            }
            return this;
        }

        @Override
        public int nextInt(int bound) {
            bounds.add(bound);
            return draws.remove();
        }

        @Override
        public long nextLong() {
            throw new AssertionError("twos draws with nextInt(bound) only");
        }
    }

    private static Cluster twos(ScriptedRandom random, int... weights) throws Exception {
        Cluster c = new Cluster(new TwoRandomChoicesScheduler(random), 0);
        c.inListOrder(weights);
        return c;
    }

    @Test
    void twosDrawsInZeroToTotalWeightInclusive() throws Exception {
        ScriptedRandom r = new ScriptedRandom();
        Cluster c = twos(r, 1, 2, 3);

        // r in [0, 1] draws A, [2, 3] B, [4, 6] C: the kernel's walk subtracts weights until r <= 0.
        String drawn = "";
        for (int v = 0; v <= 6; v++) {
            r.draws(v, v);
            drawn += c.name(c.schedule());
        }

        assertThat(drawn).isEqualTo("AABBCCC");
        assertThat(r.bounds).containsOnly(7);
    }

    @Test
    void twosTakesTheLessLoadedOfTheTwoDraws() throws Exception {
        ScriptedRandom r = new ScriptedRandom();
        Cluster c = twos(r, 1, 2, 3);
        RealServer[] s = c.service.destinations();
        Cluster.connect(s[0], 1, 0); // A 256 / 1
        Cluster.connect(s[2], 1, 0); // C 256 / 3

        r.draws(0, 6);
        assertThat(c.name(c.schedule())).isEqualTo("C");
        r.draws(6, 0);
        assertThat(c.name(c.schedule())).isEqualTo("C");
    }

    @Test
    void twosKeepsTheFirstDrawOnATie() throws Exception {
        ScriptedRandom r = new ScriptedRandom();
        Cluster c = twos(r, 1, 2);
        RealServer[] s = c.service.destinations();
        Cluster.connect(s[0], 0, 1); // A 1 / 1
        Cluster.connect(s[1], 0, 2); // B 2 / 2

        r.draws(0, 3);
        assertThat(c.name(c.schedule())).isEqualTo("A");
        r.draws(3, 0);
        assertThat(c.name(c.schedule())).isEqualTo("B");
    }

    @Test
    void twosNeverDrawsQuiescentOrOverloadedServers() throws Exception {
        ScriptedRandom r = new ScriptedRandom();
        Cluster c = new Cluster(new TwoRandomChoicesScheduler(r), 0);
        c.add('C', 2);
        RealServer b = c.add('B', 5, 1, 0);
        c.add('A', 0);
        Cluster.connect(b, 1, 0);

        r.draws(0, 2);
        assertThat(c.name(c.schedule())).isEqualTo("C");
        assertThat(r.bounds).containsExactly(3, 3);
    }

    @Test
    void twosReturnsNullWithoutDrawingWhenNoServerQualifies() throws Exception {
        ScriptedRandom r = new ScriptedRandom();
        Cluster c = twos(r, 0, 0);

        assertThat(c.schedule()).isNull();
        assertThat(r.bounds).isEmpty();
    }
}
