package org.jvs.ipvs.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry, and what every scheduler must do whatever its algorithm. */
class SchedulersTest {

    static java.util.List<String> allNames() {
        return Schedulers.names();
    }

    @Test
    void registryKnowsEveryKernelSchedulerInIpvsadmOrder() {
        assertThat(Schedulers.names()).containsExactly(
                "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos");
    }

    @ParameterizedTest
    @MethodSource("allNames")
    void registryCreatesAFreshSchedulerOfThatName(String name) {
        Scheduler a = Schedulers.create(name);
        Scheduler b = Schedulers.create(name, new SplittableRandom(1));

        assertThat(Schedulers.exists(name)).isTrue();
        assertThat(a.name()).isEqualTo(name);
        assertThat(b.name()).isEqualTo(name);
        assertThat(a).isNotSameAs(b);
    }

    @Test
    void registryAnswersNullForAnUnknownName() {
        assertThat(Schedulers.create("lru")).isNull();
        assertThat(Schedulers.create(null)).isNull();
        assertThat(Schedulers.exists("lru")).isFalse();
        assertThat(Schedulers.exists("WLC")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("allNames")
    void quiescentServersNeverGetNewConnections(String name) throws Exception {
        Cluster c = new Cluster(name);
        RealServer[] s = c.inListOrder(1, 1, 1);
        c.setWeight(s[0], 0);
        c.setWeight(s[2], 0);

        int toB = 0;
        for (int i = 0; i < 200; i++) {
            RealServer d = c.scheduler().schedule(c.service,
                    c.packet.setV4(Protocol.TCP, 0x0A000000 + i * 7919, 1024 + i, 0x0A000001 + i, 80, c.nowNs));
            assertThat(d).isIn(null, s[1]);
            toB += d == s[1] ? 1 : 0;
        }
        assertThat(toB).isPositive();
    }

    @ParameterizedTest
    @MethodSource("allNames")
    void overloadedServersNeverGetNewConnectionsUntilThe75PercentRuleClearsThem(String name) throws Exception {
        Cluster c = new Cluster(name, ServiceFlags.SCHED_FALLBACK);
        RealServer a = c.add('A', 1, 4, 0);
        Cluster.connect(a, 2, 2);
        assertThat(a.overloaded()).isTrue();
        assertThat(c.schedule()).isNull();

        // Below the upper threshold but not under 75 % of it: still overloaded.
        Cluster.disconnectActive(a, 1);
        assertThat(a.overloaded()).isTrue();
        assertThat(c.schedule()).isNull();

        Cluster.disconnectActive(a, 1);
        assertThat(a.overloaded()).isFalse();
        assertThat(c.schedule()).isSameAs(a);
    }

    @ParameterizedTest
    @MethodSource("allNames")
    void aLowerThresholdClearsOverloadOnlyBelowIt(String name) throws Exception {
        Cluster c = new Cluster(name, ServiceFlags.SCHED_FALLBACK);
        RealServer a = c.add('A', 1, 4, 1);
        Cluster.connect(a, 4, 0);
        Cluster.disconnectActive(a, 3);
        assertThat(c.schedule()).isNull();

        Cluster.disconnectActive(a, 1);

        assertThat(c.schedule()).isSameAs(a);
    }

    @ParameterizedTest
    @MethodSource("allNames")
    void schedulingDoesNotAllocate(String name) throws Exception {
        Cluster c = new Cluster(name, ServiceFlags.SCHED_FALLBACK | ServiceFlags.SCHED_PORT);
        RealServer[] s = c.inListOrder(3, 1, 2, 0);
        Cluster.connect(s[1], 2, 5);
        // A few fixed destinations, so that lblc and lblcr only allocate while first remembering them.
        PacketKey p = new PacketKey();
        Runnable burst = () -> {
            for (int i = 0; i < 20_000; i++) {
                c.scheduler().schedule(c.service, p.setV4(Protocol.TCP, 0x0A000000 + i, i & 0xFFFF, 0x0A000001 + (i & 7), 80,
                        c.nowNs));
            }
        };
        burst.run();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        burst.run();

        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(4096);
    }

    @ParameterizedTest
    @MethodSource("allNames")
    void schedulingRacesSafelyWithServerChanges(String name) throws Exception {
        Cluster c = new Cluster(name);
        RealServer[] s = c.inListOrder(3, 2, 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread dataPlane = new Thread(() -> {
            PacketKey p = new PacketKey();
            try {
                for (int i = 0; i < 20_000; i++) {
                    RealServer d = c.scheduler().schedule(c.service,
                            p.setV4(Protocol.TCP, 0x0A000000 + i, 1, 0x0A000001 + (i & 15), 80, c.nowNs));
                    if (d != null && d.service() != c.service) {
                        throw new AssertionError("foreign server " + d);
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                done.countDown();
            }
        });
        dataPlane.start();
        while (done.getCount() > 0) {
            RealServer d = c.add('D', 4);
            c.setWeight(s[1], 0);
            c.setWeight(s[1], 2);
            c.delete(d);
        }
        dataPlane.join();

        assertThat(failure.get()).isNull();
    }
}
