package org.jvs.ipvs.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.VirtualService;

class SchedulerPropertiesTest {

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    @Property(tries = 80)
    void wrrGivesEachServerItsWeightOverTheGcdInEveryCycle(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 30) Integer> weights) throws Exception {
        Assume.that(weights.stream().anyMatch(w -> w > 0));
        Cluster c = new Cluster("rr");
        RealServer[] s = c.inListOrder(ints(weights));
        c.switchScheduler("wrr");
        int g = weights.stream().filter(w -> w > 0).reduce(0, SchedulerPropertiesTest::gcd);
        int cycle = weights.stream().mapToInt(w -> w / g).sum();

        String first = c.sequence(cycle);
        String second = c.sequence(cycle);

        assertThat(second).isEqualTo(first);
        for (int i = 0; i < s.length; i++) {
            String letter = c.name(s[i]);
            assertThat(first.chars().filter(ch -> ch == letter.charAt(0)).count())
                    .as("picks of %s with weight %d", letter, weights.get(i))
                    .isEqualTo(weights.get(i) / g);
        }
    }

    @Provide
    Arbitrary<String> hashing() {
        return Arbitraries.of("sh", "dh", "mh");
    }

    @Property(tries = 60)
    void hashingSchedulersKeepAClientOnOneServerWhileTheSetIsUnchanged(
            @ForAll("hashing") String name,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 10) Integer> weights,
            @ForAll @Size(min = 1, max = 40) List<Integer> clients) throws Exception {
        Cluster c = new Cluster(name);
        c.inListOrder(ints(weights));
        Cluster other = new Cluster(name);
        other.inListOrder(ints(weights));

        Map<Integer, String> first = new HashMap<>();
        for (int client : clients) {
            first.put(client, c.name(schedule(c, client)));
        }
        for (int i = clients.size() - 1; i >= 0; i--) {
            int client = clients.get(i);
            assertThat(c.name(schedule(c, client))).isEqualTo(first.get(client));
            // Another director with the same servers agrees.
            assertThat(other.name(schedule(other, client))).isEqualTo(first.get(client));
        }
    }

    /** A packet from and to {@code address}: sh and mh hash the source, dh the destination. */
    private static RealServer schedule(Cluster c, int address) {
        return c.scheduler().schedule(c.service, c.packet.setV4(Protocol.TCP, address, 4000, address, 80, c.nowNs));
    }

    private static VirtualService mhService() {
        return new VirtualService(new ServiceConfig(ServiceKey.of(Protocol.TCP, IpAddress.ofV4(0x0A000001), 80),
                "mh", 0, 0, ServiceConfig.V4_HOST_MASK, ""), null);
    }

    private static RealServer[] servers(VirtualService svc, List<Integer> addresses, List<Integer> weights) {
        RealServer[] ds = new RealServer[addresses.size()];
        for (int i = 0; i < ds.length; i++) {
            ds[i] = new RealServer(svc, new DestConfig(IpAddress.ofV4(addresses.get(i)), 80, ForwardingMethod.ROUTE,
                    weights.get(i % weights.size()), 0, 0, null));
        }
        return ds;
    }

    @Property(tries = 40)
    void mhQuiescingAServerMovesNoSlot(
            @ForAll @Size(min = 1, max = 10) @UniqueElements List<Integer> addresses,
            @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 1, max = 1000) Integer> weights,
            @ForAll @IntRange(min = 0, max = 9) int quiesced) throws Exception {
        VirtualService svc = mhService();
        RealServer[] ds = servers(svc, addresses, weights);
        RealServer[] before = MaglevTable.populate(AddressFamily.INET, ds);
        RealServer q = ds[quiesced % ds.length];

        q.update(new DestConfig(q.address(), q.port(), q.method(), 0, 0, 0, null));

        assertThat(MaglevTable.populate(AddressFamily.INET, ds)).containsExactly(before);
    }

    /**
     * What Maglev really guarantees when a server is deleted: its slots all go to the others, the
     * table is the one a fresh build of the remaining servers gives (no history), and disruption of
     * the other slots is small but not zero (Eisenbud et al. §3.4 aim for minimal, not perfect,
     * disruption; the kernel table moves a few percent of them). With equal weights jvs's table
     * never moved more than 7.4 % in 1500 random trials of an independent implementation; 15 % is
     * the bound checked here.
     */
    @Property(tries = 40)
    void mhDeletingAServerReassignsItsSlotsAndDisturbsFewOthers(
            @ForAll @Size(min = 2, max = 12) @UniqueElements List<Integer> addresses,
            @ForAll @IntRange(min = 1, max = 65535) int weight,
            @ForAll @IntRange(min = 0, max = 11) int removedIndex) throws Exception {
        VirtualService svc = mhService();
        RealServer[] ds = servers(svc, addresses, List.of(weight));
        RealServer removed = ds[removedIndex % ds.length];
        RealServer[] before = MaglevTable.populate(AddressFamily.INET, ds);
        List<RealServer> rest = new ArrayList<>(List.of(ds));
        rest.remove(removed);

        RealServer[] after = MaglevTable.populate(AddressFamily.INET, rest.toArray(RealServer[]::new));

        int others = 0;
        int moved = 0;
        for (int slot = 0; slot < after.length; slot++) {
            assertThat(after[slot]).isNotNull().isNotSameAs(removed);
            if (before[slot] != removed) {
                others++;
                moved += before[slot] != after[slot] ? 1 : 0;
            }
        }
        assertThat(moved).isLessThanOrEqualTo(others * 15 / 100);
        RealServer[] fresh = servers(mhService(), addresses.stream().filter(a -> a != removed.address().v4()).toList(),
                List.of(weight));
        RealServer[] rebuilt = MaglevTable.populate(AddressFamily.INET, fresh);
        for (int slot = 0; slot < after.length; slot++) {
            assertThat(rebuilt[slot].address()).isEqualTo(after[slot].address());
        }
    }

    /**
     * The population loop hands out slots in rounds, each server taking its turns in list order,
     * so with T = Σ turns the counts are exactly turns × (M / T) plus the last partial round.
     */
    @Property(tries = 60)
    void mhSlotCountsFollowTheTurnsOfEachServer(
            @ForAll @Size(min = 1, max = 10) @UniqueElements List<Integer> addresses,
            @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 0, max = 5000) Integer> weights) throws Exception {
        VirtualService svc = mhService();
        RealServer[] ds = servers(svc, addresses, weights);
        int g = 0;
        int max = 0;
        for (RealServer d : ds) {
            g = d.lastWeight() > 0 ? gcd(d.lastWeight(), g) : g;
            max = Math.max(max, d.lastWeight());
        }
        Assume.that(g > 0);
        int shift = Math.max(0, (32 - Integer.numberOfLeadingZeros(max / g)) - 6);
        int[] turns = new int[ds.length];
        int total = 0;
        for (int i = 0; i < ds.length; i++) {
            int lw = ds[i].lastWeight();
            turns[i] = (lw / g) >> shift == 0 ? (lw != 0 ? 1 : 0) : (lw / g) >> shift;
            total += turns[i];
        }

        RealServer[] slots = MaglevTable.populate(AddressFamily.INET, ds);

        int rounds = MaglevTable.SIZE / total;
        int left = MaglevTable.SIZE - rounds * total;
        for (int i = 0; i < ds.length; i++) {
            RealServer d = ds[i];
            int partial = Math.min(turns[i], left);
            left -= partial;
            assertThat(java.util.Arrays.stream(slots).filter(x -> x == d).count())
                    .isEqualTo((long) turns[i] * rounds + partial);
        }
    }
}
