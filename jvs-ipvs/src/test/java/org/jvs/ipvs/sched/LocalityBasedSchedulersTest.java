package org.jvs.ipvs.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.ipvs.sched.Cluster.SEC;

import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.junit.jupiter.api.Test;

/** lblc and lblcr on a fake clock; destinations are the packet's destination address. */
class LocalityBasedSchedulersTest {
    private static final long MINUTE = 60 * SEC;

    private static LocalityBasedLeastConnectionScheduler lblc(Cluster c) {
        return (LocalityBasedLeastConnectionScheduler) c.scheduler();
    }

    private static LocalityBasedLeastConnectionWithReplicationScheduler lblcr(Cluster c) {
        return (LocalityBasedLeastConnectionWithReplicationScheduler) c.scheduler();
    }

    private static PacketKey to(Cluster c, String destination) {
        return new PacketKey().set(Protocol.TCP, Cluster.ip("10.1.2.3"), 1, Cluster.ip(destination), 80, c.nowNs);
    }

    private static String names(Cluster c, RealServer[] ds) {
        StringBuilder sb = new StringBuilder();
        for (RealServer d : ds) {
            sb.append(c.name(d));
        }
        return sb.toString();
    }

    /** Calls housekeep every 10 s of fake time from now until {@code untilNs} (inclusive). */
    private static void housekeepUntil(Cluster c, long untilNs) {
        while (c.nowNs < untilNs) {
            c.nowNs = Math.min(c.nowNs + 10 * SEC, untilNs);
            c.scheduler().housekeep(c.nowNs);
        }
    }

    @Test
    void lblcSticksADestinationToTheServerItWasGiven() throws Exception {
        Cluster c = new Cluster("lblc");
        RealServer[] s = c.inListOrder(1, 1);
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("A");
        Cluster.connect(s[0], 1, 0);

        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("A");
        assertThat(c.name(c.scheduleTo("10.0.0.6"))).isEqualTo("B");
        assertThat(lblc(c).remembered(to(c, "10.0.0.5"))).isSameAs(s[0]);
        assertThat(lblc(c).size()).isEqualTo(2);
    }

    @Test
    void lblcMovesADestinationOnlyWhenItsServerIsOverAndAnotherBelowHalfItsWeight() throws Exception {
        Cluster c = new Cluster("lblc");
        RealServer[] s = c.inListOrder(2, 4);
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("A");
        Cluster.connect(s[0], 3, 0); // 3 active > weight 2
        Cluster.connect(s[1], 2, 0); // 2 * 2 is not below 4

        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("A");

        Cluster.disconnectActive(s[1], 1); // 1 * 2 < 4
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("B");
        assertThat(lblc(c).remembered(to(c, "10.0.0.5"))).isSameAs(s[1]);
        assertThat(lblc(c).size()).isEqualTo(1);
    }

    @Test
    void lblcKeepsTheRememberedServerPastItsUpperThresholdAsTheKernelDoes() throws Exception {
        Cluster c = new Cluster("lblc");
        c.add('B', 1);
        RealServer a = c.add('A', 1, 1, 0);
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("A");
        Cluster.connect(a, 1, 0);
        assertThat(a.overloaded()).isTrue();

        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("A");
        assertThat(c.name(c.scheduleTo("10.0.0.6"))).isEqualTo("B");
    }

    @Test
    void lblcReschedulesWhenTheRememberedServerIsQuiescedOrDeleted() throws Exception {
        Cluster c = new Cluster("lblc");
        RealServer[] s = c.inListOrder(1, 1);
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("A");

        c.setWeight(s[0], 0);
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("B");

        c.setWeight(s[0], 1);
        c.delete(s[1]);
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("A");
    }

    @Test
    void lblcFullCheckOnTheThirtiethTickExpiresEntriesUnusedForTheExpiration() throws Exception {
        Cluster c = new Cluster(new LocalityBasedLeastConnectionScheduler(10 * MINUTE), 0);
        c.inListOrder(1, 1);
        long t0 = c.nowNs;
        c.scheduleTo("10.0.0.5"); // arms the 60 s tick
        housekeepUntil(c, t0 + 25 * MINUTE);
        c.scheduleTo("10.0.0.6");

        housekeepUntil(c, t0 + 30 * MINUTE - 1);
        assertThat(lblc(c).size()).isEqualTo(2);

        housekeepUntil(c, t0 + 30 * MINUTE);
        assertThat(lblc(c).remembered(to(c, "10.0.0.5"))).isNull();
        assertThat(lblc(c).remembered(to(c, "10.0.0.6"))).isNotNull();
    }

    @Test
    void lblcKeepsEntriesForADayByDefault() throws Exception {
        Cluster c = new Cluster("lblc");
        c.inListOrder(1);
        long t0 = c.nowNs;
        c.scheduleTo("10.0.0.5");

        housekeepUntil(c, t0 + 23 * 60 * MINUTE);
        assertThat(lblc(c).size()).isEqualTo(1);

        // Ticks drift by the housekeeping period; the full check after 24 h removes it.
        housekeepUntil(c, t0 + 25 * 60 * MINUTE);
        assertThat(lblc(c).size()).isZero();
    }

    @Test
    void lblcStopsRememberingPastItsMaximumAndCollectsOldEntriesWhenOver() throws Exception {
        Cluster c = new Cluster("lblc");
        c.inListOrder(1, 1);
        long t0 = c.nowNs;
        PacketKey p = new PacketKey();
        for (int i = 0; i <= LocalityTable.MAX_SIZE + 1; i++) {
            c.scheduler().schedule(c.service, p.setV4(Protocol.TCP, 0x01020304, 1, 0x0A000000 + i, 80, t0));
        }
        // Entries are refused once there are more than 16384: 16385 are kept.
        assertThat(lblc(c).size()).isEqualTo(LocalityTable.MAX_SIZE + 1);

        // The first tick finds the table over its maximum, but nothing is 6 minutes old yet.
        c.scheduler().housekeep(t0 + 61 * SEC);
        assertThat(lblc(c).size()).isEqualTo(LocalityTable.MAX_SIZE + 1);

        // The next tick deletes old entries bucket by bucket until 4/3 of the excess (1) is gone.
        c.scheduler().housekeep(t0 + 7 * MINUTE);
        assertThat(lblc(c).size()).isBetween(LocalityTable.MAX_SIZE + 1 - 64, LocalityTable.MAX_SIZE);
    }

    @Test
    void lblcrStartsASetWithTheWlcChoice() throws Exception {
        Cluster c = new Cluster("lblcr");
        RealServer[] s = c.inListOrder(1, 1);
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("A");
        Cluster.connect(s[0], 1, 0);

        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("A");
        assertThat(names(c, lblcr(c).replicas(to(c, "10.0.0.5")))).isEqualTo("A");
    }

    @Test
    void lblcrReplicatesToTheWlcChoiceWhenTheSetIsOverloaded() throws Exception {
        Cluster c = new Cluster("lblcr");
        RealServer[] s = c.inListOrder(1, 4);
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("A");
        Cluster.connect(s[0], 2, 0); // over its weight 1 while B is idle

        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("B");
        assertThat(names(c, lblcr(c).replicas(to(c, "10.0.0.5")))).isEqualTo("BA");

        Cluster.connect(s[1], 3, 0);      // B 768 / 4 against A 512 / 1
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("B");
        Cluster.disconnectActive(s[0], 2); // A 0 / 1 is lighter
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("A");
    }

    @Test
    void lblcrShedsTheMostLoadedMemberOfAnUnchangedSetAfterTheExpiration() throws Exception {
        Cluster c = new Cluster(new LocalityBasedLeastConnectionWithReplicationScheduler(10 * MINUTE), 0);
        RealServer[] s = c.inListOrder(1, 4);
        c.scheduleTo("10.0.0.5");
        Cluster.connect(s[0], 2, 0);
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("B"); // set B, A changed now
        long changed = c.nowNs;
        Cluster.disconnectActive(s[0], 1); // A 256 / 1 is the most loaded, B 0 / 4 the least

        c.nowNs = changed + 10 * MINUTE;
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("B");
        assertThat(names(c, lblcr(c).replicas(to(c, "10.0.0.5")))).isEqualTo("BA");

        c.nowNs = changed + 10 * MINUTE + 1;
        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("B");
        assertThat(names(c, lblcr(c).replicas(to(c, "10.0.0.5")))).isEqualTo("B");
    }

    @Test
    void lblcrSkipsMembersDeletedFromTheService() throws Exception {
        Cluster c = new Cluster("lblcr");
        RealServer[] s = c.inListOrder(1, 1);
        c.scheduleTo("10.0.0.5");

        c.delete(s[0]);

        assertThat(c.name(c.scheduleTo("10.0.0.5"))).isEqualTo("B");
        assertThat(names(c, lblcr(c).replicas(to(c, "10.0.0.5")))).isEqualTo("BA");
    }

    @Test
    void lblcrExpiresUnusedEntriesOnTheFullCheck() throws Exception {
        Cluster c = new Cluster(new LocalityBasedLeastConnectionWithReplicationScheduler(10 * MINUTE), 0);
        c.inListOrder(1);
        long t0 = c.nowNs;
        c.scheduleTo("10.0.0.5");

        housekeepUntil(c, t0 + 30 * MINUTE - 1);
        assertThat(lblcr(c).size()).isEqualTo(1);
        housekeepUntil(c, t0 + 30 * MINUTE);
        assertThat(lblcr(c).size()).isZero();
    }
}
