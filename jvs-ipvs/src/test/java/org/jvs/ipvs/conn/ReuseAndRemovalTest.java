package org.jvs.ipvs.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.ipvs.conn.TcpStateTable.ACK;
import static org.jvs.ipvs.conn.TcpStateTable.FIN;
import static org.jvs.ipvs.conn.TcpStateTable.SYN;
import static org.jvs.ipvs.conn.TestDirector.counts;

import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.VirtualService;
import org.junit.jupiter.api.Test;

/** conn_reuse_mode, expire_nodest_conn, flushing, and one-packet scheduling. */
class ReuseAndRemovalTest {
    private static final String CLIENT = "203.0.113.9";
    private static final String VIP = "10.0.0.1";

    private final TestDirector d = new TestDirector();

    private int natTimeWait(VirtualService svc) {
        int h = d.in(Protocol.TCP, CLIENT, 5000, VIP, 80, SYN);
        d.out(Protocol.TCP, d.table.dest(h).address().toString(), 80, CLIENT, 5000, SYN | ACK);
        d.in(Protocol.TCP, CLIENT, 5000, VIP, 80, ACK);
        d.out(Protocol.TCP, d.table.dest(h).address().toString(), 80, CLIENT, 5000, FIN | ACK);
        d.in(Protocol.TCP, CLIENT, 5000, VIP, 80, FIN | ACK);
        assertThat(d.state(h)).isEqualTo("TIME_WAIT");
        return h;
    }

    @Test
    void synOnTimeWaitEntryOpensANewConnectionWithConnReuseMode() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        RealServer a = d.dest(svc, "192.168.1.2", 80, ForwardingMethod.MASQ, 1);
        RealServer b = d.dest(svc, "192.168.1.3", 80, ForwardingMethod.MASQ, 1);
        int old = natTimeWait(svc);
        RealServer oldDest = d.table.dest(old);

        int h = d.in(Protocol.TCP, CLIENT, 5000, VIP, 80, SYN);
        assertThat(d.state(h)).isEqualTo("SYN_RECV");
        assertThat(d.table.dest(h)).as("scheduled anew").isNotSameAs(oldDest);
        assertThat(d.table.size()).as("old entry expired at once").isEqualTo(1);
        assertThat(counts(a).equals("1/0/0") ^ counts(b).equals("1/0/0")).isTrue();
        assertThat(counts(oldDest)).isEqualTo("0/0/0");
    }

    @Test
    void synOnTimeWaitEntryReusesItWithoutConnReuseMode() throws Exception {
        d.core.setSysctls(new ConnectionSysctls(true, true, 0, false));
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        d.dest(svc, "192.168.1.2", 80, ForwardingMethod.MASQ, 1);
        d.dest(svc, "192.168.1.3", 80, ForwardingMethod.MASQ, 1);
        int old = natTimeWait(svc);
        RealServer oldDest = d.table.dest(old);
        assertThat(d.in(Protocol.TCP, CLIENT, 5000, VIP, 80, SYN)).isEqualTo(old);
        assertThat(d.state(old)).isEqualTo("SYN_RECV");
        assertThat(counts(oldDest)).isEqualTo("1/0/0");
    }

    @Test
    void directRoutingFinWaitIsReusedOnlyWithBit2() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        d.dest(svc, "192.168.1.3", 80, ForwardingMethod.ROUTE, 1);
        int h = d.in(Protocol.TCP, CLIENT, 6000, VIP, 80, SYN);
        d.in(Protocol.TCP, CLIENT, 6000, VIP, 80, ACK);
        d.in(Protocol.TCP, CLIENT, 6000, VIP, 80, FIN | ACK);
        assertThat(d.state(h)).isEqualTo("FIN_WAIT");

        assertThat(d.in(Protocol.TCP, CLIENT, 6000, VIP, 80, SYN)).as("mode 1 keeps the entry").isEqualTo(h);
        d.in(Protocol.TCP, CLIENT, 6000, VIP, 80, FIN | ACK); // SYN_RECV -> TIME_WAIT in INPUT-ONLY
        d.in(Protocol.TCP, CLIENT, 6001, VIP, 80, SYN); // move the round robin on

        d.core.setSysctls(new ConnectionSysctls(true, true, 3, false));
        int g = d.in(Protocol.TCP, CLIENT, 7000, VIP, 80, SYN);
        d.in(Protocol.TCP, CLIENT, 7000, VIP, 80, ACK);
        d.in(Protocol.TCP, CLIENT, 7000, VIP, 80, FIN | ACK);
        RealServer before = d.table.dest(g);
        int n = d.in(Protocol.TCP, CLIENT, 7000, VIP, 80, SYN);
        assertThat(d.table.dest(n)).as("bit 2 reschedules FIN_WAIT without output").isNotSameAs(before);
    }

    @Test
    void synToQuiescedServerIsRescheduledWithExpireNodestConn() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        RealServer a = d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        RealServer b = d.dest(svc, "192.168.1.3", 80, ForwardingMethod.ROUTE, 1);
        int h = d.in(Protocol.TCP, CLIENT, 8000, VIP, 80, SYN);
        d.in(Protocol.TCP, CLIENT, 8000, VIP, 80, ACK);
        RealServer first = d.table.dest(h);
        RealServer second = first == a ? b : a;
        d.services.editDest(svc.key(), new DestConfig(first.address(), 80, ForwardingMethod.ROUTE, 0, 0, 0, null));

        assertThat(d.in(Protocol.TCP, CLIENT, 8000, VIP, 80, ACK)).as("established traffic keeps flowing").isEqualTo(h);
        int n = d.in(Protocol.TCP, CLIENT, 8000, VIP, 80, SYN);
        assertThat(d.table.dest(n)).isSameAs(second);
        assertThat(counts(first)).isEqualTo("0/0/0");
    }

    @Test
    void packetsToADeletedServerAreDroppedWithoutExpireNodestConn() throws Exception {
        d.core.setSysctls(ConnectionSysctls.KERNEL_DEFAULTS);
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        RealServer rs = d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        int h = d.in(Protocol.TCP, CLIENT, 9000, VIP, 80, SYN);
        d.services.deleteDest(svc.key(), rs.address(), 80);

        assertThat(d.in(Protocol.TCP, CLIENT, 9000, VIP, 80, ACK)).isEqualTo(Verdict.DROP);
        assertThat(d.core.drops(IpvsCore.DropReason.DEST_UNAVAILABLE)).isEqualTo(1);
        assertThat(d.list()).hasSize(1);
        assertThat(d.state(h)).as("a dropped packet does not move the state").isEqualTo("SYN_RECV");
        d.advance(60);
        d.expire();
        assertThat(d.table.size()).isZero();
        assertThat(counts(rs)).isEqualTo("0/0/0");
    }

    @Test
    void packetToADeletedServerExpiresTheEntryWithExpireNodestConn() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        RealServer a = d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        RealServer b = d.dest(svc, "192.168.1.3", 80, ForwardingMethod.ROUTE, 1);
        int h = d.in(Protocol.TCP, CLIENT, 9000, VIP, 80, SYN);
        RealServer gone = d.table.dest(h);
        d.services.deleteDest(svc.key(), gone.address(), 80);

        assertThat(d.in(Protocol.TCP, CLIENT, 9000, VIP, 80, ACK)).as("not a SYN: nothing to schedule").isEqualTo(Verdict.PASS);
        assertThat(d.table.size()).isZero();
        assertThat(counts(gone)).isEqualTo("0/0/0");
        int n = d.in(Protocol.TCP, CLIENT, 9000, VIP, 80, SYN);
        assertThat(d.table.dest(n)).isSameAs(gone == a ? b : a);
    }

    @Test
    void deletingAServerFlushesItsConnectionsAndUnusedTemplates() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80, 300, ServiceConfig.V4_HOST_MASK, false);
        RealServer rs = d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        for (int i = 0; i < 5; i++) {
            d.in(Protocol.TCP, "203.0.113." + (i + 1), 1000, VIP, 80, SYN);
        }
        assertThat(d.table.size()).isEqualTo(10);
        d.services.deleteDest(svc.key(), rs.address(), 80); // the listener queues the flush
        assertThat(d.list()).isEmpty();
        assertThat(counts(rs)).isEqualTo("0/0/0");
    }

    @Test
    void flushOfOneServiceLeavesOtherServicesAlone() throws Exception {
        VirtualService web = d.service(Protocol.TCP, VIP, 80);
        VirtualService dns = d.service(Protocol.UDP, VIP, 53);
        d.dest(web, "192.168.1.2", 80, ForwardingMethod.MASQ, 1);
        RealServer ns = d.dest(dns, "192.168.1.2", 53, ForwardingMethod.MASQ, 1);
        d.in(Protocol.TCP, CLIENT, 1, VIP, 80, SYN);
        d.in(Protocol.UDP, CLIENT, 1, VIP, 53, 0);
        d.in(Protocol.UDP, CLIENT, 2, VIP, 53, 0);
        assertThat(d.run(d.core.control().flushService(web))).isEqualTo(1);
        assertThat(d.list()).extracting(ConnectionRecord::protocol).containsOnly(Protocol.UDP);
        assertThat(d.run(d.core.control().flushDest(ns))).isEqualTo(2);
        assertThat(d.table.size()).isZero();
    }

    @Test
    void flushTakesATemplateAwayWithItsLastConnection() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80, 300, ServiceConfig.V4_HOST_MASK, false);
        RealServer rs = d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        d.in(Protocol.TCP, CLIENT, 1, VIP, 80, SYN);
        d.in(Protocol.TCP, CLIENT, 2, VIP, 80, SYN);
        assertThat(d.run(d.core.control().flushDest(rs))).isEqualTo(3);
        assertThat(counts(rs)).isEqualTo("0/0/0");
    }

    @Test
    void onePacketUdpIsScheduledPerPacketAndNeverListed() throws Exception {
        VirtualService svc = d.service(Protocol.UDP, VIP, 53, 0, ServiceConfig.V4_HOST_MASK, true);
        RealServer a = d.dest(svc, "192.168.1.2", 53, ForwardingMethod.ROUTE, 1);
        RealServer b = d.dest(svc, "192.168.1.3", 53, ForwardingMethod.ROUTE, 1);

        int h1 = d.in(Protocol.UDP, CLIENT, 4444, VIP, 53, 0);
        assertThat(d.table.dest(h1)).as("readable for the forwarder until the next call").isNotNull();
        long dest1 = d.table.destLo(h1);
        assertThat(counts(a)).isEqualTo("0/0/0");
        assertThat(counts(b)).isEqualTo("0/0/0");
        assertThat(d.core.lookupIn(d.packet(Protocol.UDP, CLIENT, 4444, VIP, 53))).isEqualTo(-1);

        int h2 = d.in(Protocol.UDP, CLIENT, 4444, VIP, 53, 0);
        assertThat(d.table.destLo(h2)).as("the same 5-tuple goes elsewhere").isNotEqualTo(dest1);
        assertThat(d.list()).isEmpty();
        assertThat(svc.stats().snapshot().conns()).isEqualTo(2);
        assertThat(a.stats().snapshot().inPkts() + b.stats().snapshot().inPkts()).isEqualTo(2);
        d.expire();
        assertThat(d.table.size()).isZero();
    }

    @Test
    void onePacketServiceTreatsTcpNormally() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80, 0, ServiceConfig.V4_HOST_MASK, true);
        RealServer rs = d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        int h = d.in(Protocol.TCP, CLIENT, 1, VIP, 80, SYN);
        assertThat(d.table.flags(h) & ConnFlags.ONE_PACKET).isZero();
        assertThat(d.core.lookupIn(d.packet(Protocol.TCP, CLIENT, 1, VIP, 80))).isEqualTo(h);
        assertThat(counts(rs)).isEqualTo("1/0/0");
    }

    @Test
    void persistentOnePacketConnectionsKeepTheirTemplate() throws Exception {
        VirtualService svc = d.service(Protocol.UDP, VIP, 53, 120, ServiceConfig.V4_HOST_MASK, true);
        d.dest(svc, "192.168.1.2", 53, ForwardingMethod.ROUTE, 1);
        d.dest(svc, "192.168.1.3", 53, ForwardingMethod.ROUTE, 1);
        long first = d.table.destLo(d.in(Protocol.UDP, CLIENT, 1, VIP, 53, 0));
        long second = d.table.destLo(d.in(Protocol.UDP, CLIENT, 1, VIP, 53, 0));
        assertThat(second).isEqualTo(first);
        assertThat(d.list()).singleElement().satisfies(t -> {
            assertThat(t.isTemplate()).isTrue();
            assertThat(d.core.connections().size()).isEqualTo(1);
        });
    }
}
