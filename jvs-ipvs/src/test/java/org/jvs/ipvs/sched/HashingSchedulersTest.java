package org.jvs.ipvs.sched;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvs.service.VirtualService;
import org.junit.jupiter.api.Test;

/**
 * sh and dh. Buckets are worked out by hand: bucket = (v × 0x61C88647 mod 2^32) >>> 24, e.g.
 * 10.1.2.3 = 0x0A010203 → 0x02AD20D5 → 2; 172.16.5.9 → 0x731C1B7F → 115; 192.168.100.200 →
 * 0x17B4A378 → 23; 10.0.0.1 → 0x27C88647 → 39; 10.0.0.2 → 0x89910C8E → 137;
 * 10.1.2.3 + port 12345 = 0x0A013242 → 97.
 */
class HashingSchedulersTest {

    @Test
    void shGivesEachServerItsWeightInConsecutiveBuckets() throws Exception {
        Cluster c = new Cluster("sh");
        RealServer[] s = c.inListOrder(2, 1);
        RealServer[] buckets = ((SourceHashingScheduler) c.scheduler()).buckets();

        assertThat(Arrays.copyOf(buckets, 6)).containsExactly(s[0], s[0], s[1], s[0], s[0], s[1]);
        assertThat(Arrays.stream(buckets).filter(d -> d == s[0]).count()).isEqualTo(171);
    }

    @Test
    void shMapsSourceAddressesToHandComputedBuckets() throws Exception {
        Cluster c = new Cluster("sh");
        c.inListOrder(2, 1); // bucket i belongs to B when i % 3 == 2, else to A

        assertThat(c.name(c.scheduleFrom("10.1.2.3", 1))).isEqualTo("B");          // 2
        assertThat(c.name(c.scheduleFrom("172.16.5.9", 1))).isEqualTo("A");        // 115
        assertThat(c.name(c.scheduleFrom("192.168.100.200", 1))).isEqualTo("B");   // 23
        assertThat(c.name(c.scheduleFrom("10.0.0.1", 1))).isEqualTo("A");          // 39
    }

    @Test
    void shHashesTheSourcePortOnlyWithShPort() throws Exception {
        Cluster c = new Cluster("sh");
        c.inListOrder(2, 1);
        assertThat(c.name(c.scheduleFrom("10.1.2.3", 12345))).isEqualTo("B"); // 2

        c.setFlags(ServiceFlags.SCHED_PORT);

        assertThat(c.name(c.scheduleFrom("10.1.2.3", 12345))).isEqualTo("A"); // 97
    }

    @Test
    void shGivesAWeightZeroServerOneBucketPerRoundButNoConnections() throws Exception {
        Cluster c = new Cluster("sh");
        RealServer[] s = c.inListOrder(2, 0, 1);
        RealServer[] buckets = ((SourceHashingScheduler) c.scheduler()).buckets();

        assertThat(Arrays.copyOf(buckets, 8)).containsExactly(s[0], s[0], s[1], s[2], s[0], s[0], s[1], s[2]);
        assertThat(c.scheduleFrom("10.1.2.3", 1)).isNull(); // bucket 2: B, quiescent
    }

    @Test
    void shFallbackWalksFromTwiceTheFirstBucketAsTheKernelDoes() throws Exception {
        Cluster c = new Cluster("sh");
        RealServer[] s = c.inListOrder(1, 1, 1, 1); // bucket i belongs to "ABCD"[i % 4]
        c.setWeight(s[2], 0); // C (bucket 2) is quiesced but keeps its buckets
        assertThat(c.scheduleFrom("10.1.2.3", 1)).isNull();

        c.setFlags(ServiceFlags.SCHED_FALLBACK);

        // Offset 0 rehashes with roffset = ihash = 2, giving bucket 2 + 2 = 4 (A), not bucket 3 (D).
        assertThat(c.name(c.scheduleFrom("10.1.2.3", 1))).isEqualTo("A");
        assertThat(c.name(c.scheduleFrom("172.16.5.9", 1))).isEqualTo("D"); // 115 % 4 = 3: D itself
    }

    @Test
    void shFallbackSkipsAnOverloadedServer() throws Exception {
        Cluster c = new Cluster("sh", ServiceFlags.SCHED_FALLBACK);
        c.add('C', 1);
        RealServer b = c.add('B', 1, 1, 0);
        c.add('A', 2);
        Cluster.connect(b, 1, 0);

        // Buckets A A B C ...; 10.1.2.3 hashes to bucket 2 (B), the walk starts at bucket 4 (A).
        assertThat(c.name(c.scheduleFrom("10.1.2.3", 1))).isEqualTo("A");
    }

    @Test
    void shWithoutServersReturnsNull() throws Exception {
        Cluster c = new Cluster("sh", ServiceFlags.SCHED_FALLBACK);

        assertThat(c.schedule()).isNull();
    }

    @Test
    void shFoldsIpv6SourcesByXorOfTheirWords() throws Exception {
        Scheduler sh = Schedulers.create("sh");
        VirtualServerTable table = new VirtualServerTable(n -> n.equals("sh") ? sh : null);
        IpAddress vip = IpAddress.parseNumeric("2001:db8::1");
        ServiceKey key = ServiceKey.of(Protocol.TCP, vip, 80);
        table.addService(new ServiceConfig(key, "sh", 0, 0, ServiceConfig.V6_HOST_PREFIX, ""));
        RealServer b = table.addDest(key, new DestConfig(IpAddress.parseNumeric("2001:db8::b"), 80,
                ForwardingMethod.ROUTE, 1, 0, 0, null));
        RealServer a = table.addDest(key, new DestConfig(IpAddress.parseNumeric("2001:db8::a"), 80,
                ForwardingMethod.ROUTE, 2, 0, 0, null));
        VirtualService svc = table.service(key);
        PacketKey p = new PacketKey();

        // 2001:db8:a01:203:: folds to 0x20010db8 ^ 0x0a010203 = 0x2a000fbb → 0xd3583edd → bucket 211 (A).
        // ::a01:203 folds to 0x0a010203 → bucket 2 (B).
        assertThat(sh.schedule(svc, p.set(Protocol.TCP, IpAddress.parseNumeric("2001:db8:a01:203::"), 1, vip, 80, 0)))
                .isSameAs(a);
        assertThat(sh.schedule(svc, p.set(Protocol.TCP, IpAddress.parseNumeric("::a01:203"), 1, vip, 80, 0)))
                .isSameAs(b);
    }

    @Test
    void dhFillsBucketsRoundRobinIgnoringWeights() throws Exception {
        Cluster c = new Cluster("dh");
        RealServer[] s = c.inListOrder(5, 1, 1);
        RealServer[] buckets = ((DestinationHashingScheduler) c.scheduler()).buckets();

        assertThat(Arrays.copyOf(buckets, 6)).containsExactly(s[0], s[1], s[2], s[0], s[1], s[2]);
    }

    @Test
    void dhMapsDestinationAddressesToHandComputedBuckets() throws Exception {
        Cluster c = new Cluster("dh");
        c.inListOrder(5, 1, 1);

        assertThat(c.name(c.scheduleTo("10.0.0.1"))).isEqualTo("A"); // 39 % 3 = 0
        assertThat(c.name(c.scheduleTo("10.0.0.2"))).isEqualTo("C"); // 137 % 3 = 2
        assertThat(c.name(c.scheduleTo("172.16.5.9"))).isEqualTo("B"); // 115 % 3 = 1
    }

    @Test
    void dhIgnoresTheSourceAndHasNoFallback() throws Exception {
        Cluster c = new Cluster("dh", ServiceFlags.SCHED_FALLBACK);
        RealServer[] s = c.inListOrder(1, 1, 1);
        assertThat(c.name(c.scheduler().schedule(c.service,
                c.packet.set(Protocol.TCP, Cluster.ip("172.16.5.9"), 9, Cluster.ip("10.0.0.2"), 80, 0))))
                .isEqualTo("C");

        c.setWeight(s[2], 0);

        assertThat(c.scheduleTo("10.0.0.2")).isNull();
        assertThat(c.name(c.scheduleTo("10.0.0.1"))).isEqualTo("A");
    }
}
