package org.jvs.ipvs.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvs.service.VirtualService;
import org.junit.jupiter.api.Test;

/**
 * mh against expectations derived independently: a separate Python implementation of
 * ip_vs_mh.c's permutation and population over SipHash-1-3 (itself checked against the kernel's
 * hsiphash self-test vectors), for A = 192.168.0.1:80, B = 192.168.0.2:80, C = 192.168.0.3:80 in
 * that list order. A's preference list starts at slot 1355 with skip 1615, B's at 1813 with skip
 * 3870, C's at 2543 with skip 201.
 */
class MaglevHashingSchedulerTest {

    private static String owners(Cluster c, RealServer[] slots, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(c.name(slots[i]));
        }
        return sb.toString();
    }

    private static long count(RealServer[] slots, RealServer d) {
        return Arrays.stream(slots).filter(s -> s == d).count();
    }

    private static RealServer[] slots(Cluster c) {
        return ((MaglevHashingScheduler) c.scheduler()).slots();
    }

    @Test
    void mhTableMatchesTheKernelAlgorithmForThreeEqualServers() throws Exception {
        Cluster c = new Cluster("mh");
        RealServer[] s = c.inListOrder(1, 1, 1);
        RealServer[] slots = slots(c);

        assertThat(slots).hasSize(4093);
        assertThat(owners(c, slots, 0, 24)).isEqualTo("ACBACCBCCACBBCACBABABBCA");
        assertThat(slots[1355]).isSameAs(s[0]);
        assertThat(slots[1813]).isSameAs(s[1]);
        assertThat(slots[2543]).isSameAs(s[2]);
        assertThat(new long[] {count(slots, s[0]), count(slots, s[1]), count(slots, s[2])})
                .containsExactly(1365, 1364, 1364);
    }

    @Test
    void mhMapsClientsThroughTheirHsiphashSlot() throws Exception {
        Cluster c = new Cluster("mh");
        c.inListOrder(1, 1, 1);

        assertThat(c.name(c.scheduleFrom("10.1.2.3", 5555))).isEqualTo("A");      // slot 1263
        assertThat(c.name(c.scheduleFrom("172.16.5.9", 5555))).isEqualTo("B");    // slot 3538
        assertThat(c.name(c.scheduleFrom("203.0.113.77", 5555))).isEqualTo("A");  // slot 2731
    }

    @Test
    void mhHashesTheSourcePortOnlyWithMhPort() throws Exception {
        Cluster c = new Cluster("mh");
        c.inListOrder(1, 1, 1);
        assertThat(c.name(c.scheduleFrom("10.1.2.3", 12345))).isEqualTo("A");

        c.setFlags(ServiceFlags.SCHED_PORT);

        assertThat(c.name(c.scheduleFrom("10.1.2.3", 12345))).isEqualTo("C"); // slot 1703
    }

    @Test
    void mhGivesWeightedServersProportionalTurns() throws Exception {
        Cluster c = new Cluster("mh");
        RealServer[] s = c.inListOrder(4, 2, 1);
        RealServer[] slots = slots(c);

        assertThat(owners(c, slots, 0, 20)).isEqualTo("AABACCBBAAABBAAABAAA");
        assertThat(new long[] {count(slots, s[0]), count(slots, s[1]), count(slots, s[2])})
                .containsExactly(2340, 1169, 584);
    }

    @Test
    void mhShiftsLargeWeightRatiosDownToAboutSixBits() throws Exception {
        Cluster c = new Cluster("mh");
        // gcd 10, max/gcd = 100 needs 7 bits, so rshift = 1: turns 50 and (1 >> 1 = 0, raised to) 1.
        RealServer[] s = c.inListOrder(1000, 10);
        RealServer[] slots = slots(c);

        assertThat(count(slots, s[0])).isEqualTo(4013);
        assertThat(count(slots, s[1])).isEqualTo(80);
    }

    @Test
    void mhQuiescedServerKeepsItsSlotsButTakesNoNewClients() throws Exception {
        Cluster c = new Cluster("mh");
        RealServer[] s = c.inListOrder(1, 1, 1);
        RealServer[] before = slots(c);

        c.setWeight(s[0], 0);

        assertThat(slots(c)).containsExactly(before);
        assertThat(c.scheduleFrom("10.1.2.3", 1)).isNull();
        assertThat(c.name(c.scheduleFrom("172.16.5.9", 1))).isEqualTo("B");
    }

    @Test
    void mhFallbackWalksToTheNextAvailableSlot() throws Exception {
        Cluster c = new Cluster("mh", ServiceFlags.SCHED_FALLBACK);
        RealServer[] s = c.inListOrder(1, 1, 1);
        c.setWeight(s[0], 0);

        // Offsets 0 and 1 land on A's slots again; offset 2 reaches slot 1554, owned by B.
        assertThat(c.name(c.scheduleFrom("10.1.2.3", 1))).isEqualTo("B");
        assertThat(c.name(c.scheduleFrom("172.16.5.9", 1))).isEqualTo("B");
    }

    @Test
    void mhFallbackSkipsOverloadedServers() throws Exception {
        Cluster c = new Cluster("mh", ServiceFlags.SCHED_FALLBACK);
        c.add('C', 1);
        c.add('B', 1);
        RealServer a = c.add('A', 1, 1, 0);
        Cluster.connect(a, 1, 0);

        assertThat(c.name(c.scheduleFrom("10.1.2.3", 1))).isEqualTo("B");
    }

    @Test
    void mhDeletingAServerAlsoMovesAFewOtherSlots() throws Exception {
        Cluster c = new Cluster("mh");
        RealServer[] s = c.inListOrder(1, 1, 1);
        RealServer[] before = slots(c);

        c.delete(s[1]);
        RealServer[] after = slots(c);

        // Maglev's disruption is minimal, not zero: 5 slots of A and C change hands.
        assertThat(count(after, s[1])).isZero();
        int[] moved = java.util.stream.IntStream.range(0, after.length)
                .filter(i -> before[i] != s[1] && before[i] != after[i]).toArray();
        assertThat(moved).containsExactly(177, 642, 1290, 2138, 3740);
        assertThat(before[177]).isSameAs(s[0]);
        assertThat(after[177]).isSameAs(s[2]);
    }

    @Test
    void mhWithoutWeightedServersHasAnEmptyTable() throws Exception {
        Cluster c = new Cluster("mh", ServiceFlags.SCHED_FALLBACK);
        assertThat(c.schedule()).isNull();

        c.add('A', 0);

        assertThat(slots(c)).containsOnlyNulls();
        assertThat(c.schedule()).isNull();
    }

    @Test
    void mhRefusesMoreServersThanSlots() throws Exception {
        Cluster c = new Cluster("mh");
        VirtualService svc = c.service;
        for (int i = 0; i < MaglevTable.SIZE + 1; i++) {
            IpAddress addr = IpAddress.ofV4(0x0A000000 | (i + 1));
            svc.addDestination(new RealServer(svc, new DestConfig(addr, 80, ForwardingMethod.ROUTE, 1, 0, 0, null)));
        }

        assertThatThrownBy(() -> c.scheduler().onDestinationsChanged(svc))
                .isInstanceOfSatisfying(IpvsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void mhAcceptsAsManyServersAsSlotsAndTheTableRejectsTheNextAdd() throws Exception {
        Cluster c = new Cluster("mh");
        VirtualService svc = c.service;
        for (int i = 0; i < MaglevTable.SIZE; i++) {
            IpAddress addr = IpAddress.ofV4(0x0A000000 | (i + 1));
            svc.addDestination(new RealServer(svc, new DestConfig(addr, 80, ForwardingMethod.ROUTE, 1, 0, 0, null)));
        }
        c.scheduler().onDestinationsChanged(svc);
        RealServer[] full = slots(c);
        assertThat(Arrays.stream(full).distinct().count()).isEqualTo(MaglevTable.SIZE);

        assertThatThrownBy(() -> c.add('A', 1))
                .isInstanceOfSatisfying(IpvsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThat(svc.destinations()).hasSize(MaglevTable.SIZE);
        assertThat(slots(c)).containsExactly(full);
    }
}
