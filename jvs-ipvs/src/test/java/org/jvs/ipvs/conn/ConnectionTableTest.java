package org.jvs.ipvs.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.ipvs.conn.TestDirector.SEC;
import static org.jvs.ipvs.conn.TestDirector.ip;

import java.util.BitSet;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.service.Protocol;
import org.junit.jupiter.api.Test;

class ConnectionTableTest {
    private static final int TCP = Protocol.TCP.number();
    private static final int VIP = ip("10.0.0.1").v4();

    private final PacketKey key = new PacketKey();
    private long nowNs = -5_000 * SEC; // monotonic clocks may be negative

    private static int client(int i) {
        return ip("100.64.0.0").v4() + (i / 50_000);
    }

    private static int cport(int i) {
        return 1024 + i % 50_000;
    }

    private static int rip(int i) {
        return ip("192.168.0.0").v4() + i % 1000;
    }

    private static int create(ConnectionTable t, int i, long nowNs) {
        return t.create(false, TCP, 0, client(i) & 0xFFFF_FFFFL, cport(i), 0, VIP & 0xFFFF_FFFFL, 80,
                false, 0, rip(i) & 0xFFFF_FFFFL, 8080, 0, null, 0, nowNs);
    }

    @Test
    void reportsTheConfiguredHashSize() {
        assertThat(new ConnectionTable().hashSize()).isEqualTo(4096);
        assertThat(new ConnectionTable(20, 16, 0).hashSize()).isEqualTo(1 << 20);
    }

    @Test
    void oneMillionConnectionsAreAllFoundInBothDirectionsAndExpire() {
        int n = 1_000_000;
        ConnectionTable t = new ConnectionTable(12, n, 7);
        BitSet handles = new BitSet(n);
        for (int i = 0; i < n; i++) {
            int h = create(t, i, nowNs);
            if (h < 0 || handles.get(h)) {
                throw new AssertionError("entry " + i + " got handle " + h);
            }
            handles.set(h);
        }
        assertThat(t.size()).isEqualTo(n);
        assertThat(create(t, n, nowNs)).as("limit reached").isEqualTo(-1);
        assertThat(t.indexBuckets()).isGreaterThanOrEqualTo(n);
        for (int i = 0; i < n; i++) {
            key.setV4(Protocol.TCP, client(i), cport(i), VIP, 80, nowNs);
            int h = t.findIn(key);
            if (h < 0 || t.clientPort(h) != cport(i) || (int) t.clientLo(h) != client(i) || (int) t.destLo(h) != rip(i)) {
                throw new AssertionError("entry " + i + " found the wrong handle " + h);
            }
            key.setV4(Protocol.TCP, rip(i), 8080, client(i), cport(i), nowNs);
            if (t.findOut(key) != h) {
                throw new AssertionError("reply of entry " + i + " not found");
            }
        }
        key.setV4(Protocol.TCP, client(0), cport(0), VIP, 81, nowNs);
        assertThat(t.findIn(key)).isEqualTo(-1);

        t.expire(nowNs + 3 * SEC);
        assertThat(t.size()).isZero();
        assertThat(create(t, 5, nowNs)).as("handles are reused").isLessThan(n);
    }

    @Test
    void batchLookupFindsWhatSingleLookupsFind() {
        ConnectionTable t = new ConnectionTable(8, 1000, 5);
        for (int i = 0; i < 500; i += 2) {
            create(t, i, nowNs);
        }
        IpAddress v6 = ip("2001:db8::1");
        int wide = t.create(true, TCP, v6.hi(), v6.lo(), 7, v6.hi(), v6.lo() + 1, 80, true, v6.hi(), v6.lo() + 2, 80,
                0, null, 0, nowNs);
        PacketKey[] batch = new PacketKey[33];
        for (int b = 0; b < 32; b++) {
            int i = b * 7;
            batch[b] = new PacketKey().setV4(Protocol.TCP, client(i), cport(i), VIP, 80, nowNs);
        }
        batch[32] = new PacketKey().set(Protocol.TCP, v6, 7, new IpAddress(v6.family(), v6.hi(), v6.lo() + 1), 80, nowNs);
        int[] handles = new int[33];
        t.findIn(batch, 33, handles);
        for (int b = 0; b < 33; b++) {
            assertThat(handles[b]).as("packet %d", b).isEqualTo(t.findIn(batch[b]));
        }
        assertThat(handles[32]).isEqualTo(wide);
        assertThat(handles).as("odd clients were never created").contains(-1);
    }

    @Test
    void newerEntryWithTheSameKeyShadowsTheOlderAcrossIndexGrowth() {
        ConnectionTable t = new ConnectionTable(8, 10_000, 3);
        int older = create(t, 1, nowNs);
        int newer = create(t, 1, nowNs);
        for (int i = 2; i < 5000; i++) {
            create(t, i, nowNs); // forces several doublings of the index
        }
        key.setV4(Protocol.TCP, client(1), cport(1), VIP, 80, nowNs);
        assertThat(t.findIn(key)).isEqualTo(newer);
        t.expireNow(newer, nowNs);
        assertThat(t.findIn(key)).isEqualTo(older);
    }

    @Test
    void ipv4ServiceWithAnIpv6TunnelDestinationKeepsBothFamilies() {
        ConnectionTable t = new ConnectionTable(8, 16, 1);
        IpAddress rip6 = ip("2001:db8::7");
        int h = t.create(false, TCP, 0, client(1) & 0xFFFF_FFFFL, 999, 0, VIP & 0xFFFF_FFFFL, 80,
                true, rip6.hi(), rip6.lo(), 80, 0, null, 0, nowNs);
        key.setV4(Protocol.TCP, client(1), 999, VIP, 80, nowNs);
        assertThat(t.findIn(key)).isEqualTo(h);
        assertThat(t.isV6(h)).isFalse();
        assertThat(t.destIsV6(h)).isTrue();
        ConnectionRecord r = t.record(h, nowNs);
        assertThat(r.client()).isEqualTo(IpAddress.ofV4(client(1)));
        assertThat(r.dest()).isEqualTo(rip6);
    }

    @Test
    void templatesAreFoundOnlyAsTemplates() {
        ConnectionTable t = new ConnectionTable(8, 16, 1);
        int tpl = t.create(false, TCP, 0, client(1) & 0xFFFF_FFFFL, 0, 0, VIP & 0xFFFF_FFFFL, 80,
                false, 0, rip(1) & 0xFFFF_FFFFL, 80, ConnFlags.TEMPLATE, null, 0, nowNs);
        key.setV4(Protocol.TCP, client(1), 0, VIP, 80, nowNs);
        assertThat(t.findIn(key)).isEqualTo(-1);
        assertThat(t.findTemplate(false, TCP, 0, client(1) & 0xFFFF_FFFFL, 0, VIP & 0xFFFF_FFFFL, 80)).isEqualTo(tpl);
        t.invalidateTemplate(tpl);
        assertThat(t.findTemplate(false, TCP, 0, client(1) & 0xFFFF_FFFFL, 0, VIP & 0xFFFF_FFFFL, 80)).isEqualTo(-1);
        assertThat(t.virtualPort(tpl)).isEqualTo(0xFFFF);
        assertThat(t.destPort(tpl)).isEqualTo(0xFFFF);
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void expiryIsExactOnWholeSecondsAfterLargeClockSteps() {
        ConnectionTable t = new ConnectionTable(8, 16, 1);
        int h = create(t, 1, nowNs);
        t.setTimeoutSec(h, 2_000_000);
        t.touch(h, nowNs);
        t.expire(nowNs + 1_999_999 * SEC);
        assertThat(t.size()).isEqualTo(1);
        t.expire(nowNs + 2_000_000 * SEC - 1);
        assertThat(t.size()).isEqualTo(1);
        t.expire(nowNs + 2_000_000 * SEC);
        assertThat(t.size()).isZero();
    }

    @Test
    void deadlinesBeyondTheWheelsReachStillExpireOnTime() {
        ConnectionTable t = new ConnectionTable(8, 16, 1);
        int h = create(t, 1, nowNs);
        t.setTimeoutSec(h, 100_000_000); // about three years
        t.touch(h, nowNs);
        for (long s = 0; s < 100_000_000L; s += 7_000_000) {
            t.expire(nowNs + s * SEC);
            assertThat(t.size()).isEqualTo(1);
        }
        t.expire(nowNs + 100_000_000L * SEC);
        assertThat(t.size()).isZero();
    }
}
