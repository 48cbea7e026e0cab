package org.jvs.ipvs.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.ipvs.conn.TcpStateTable.ACK;
import static org.jvs.ipvs.conn.TcpStateTable.FIN;
import static org.jvs.ipvs.conn.TcpStateTable.RST;
import static org.jvs.ipvs.conn.TcpStateTable.SYN;
import static org.jvs.ipvs.conn.TestDirector.counts;
import static org.jvs.ipvs.conn.TestDirector.ip;

import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;
import org.junit.jupiter.api.Test;

/** Whole connections through ip_vs_in / ip_vs_out, with the counters ipvsadm -L would show at each step. */
class ForwardingFlowTest {
    private static final String CLIENT = "203.0.113.9";
    private static final String VIP = "10.0.0.1";
    private static final String RIP = "192.168.1.2";

    private final TestDirector d = new TestDirector();

    @Test
    void natConnectionWalksTheKernelStatesAndCounters() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        RealServer rs = d.dest(svc, RIP, 8080, ForwardingMethod.MASQ, 1);

        int h = d.in(Protocol.TCP, CLIENT, 51234, VIP, 80, SYN);
        assertThat(h).isGreaterThanOrEqualTo(0);
        assertThat(d.state(h)).isEqualTo("SYN_RECV");
        assertThat(counts(rs)).isEqualTo("1/0/0");
        assertThat(d.table.method(h)).isEqualTo(ForwardingMethod.MASQ);
        assertThat(d.table.destLo(h)).isEqualTo(ip(RIP).lo());
        assertThat(d.table.destPort(h)).isEqualTo(8080);
        assertThat(d.table.virtualPort(h)).isEqualTo(80);
        assertThat(d.table.clientPort(h)).isEqualTo(51234);
        assertThat(d.table.timeoutSec(h)).isEqualTo(60);

        assertThat(d.out(Protocol.TCP, RIP, 8080, CLIENT, 51234, SYN | ACK)).isEqualTo(h);
        assertThat(d.state(h)).isEqualTo("SYN_RECV");
        assertThat(counts(rs)).isEqualTo("1/0/0");

        assertThat(d.in(Protocol.TCP, CLIENT, 51234, VIP, 80, ACK)).isEqualTo(h);
        assertThat(d.state(h)).isEqualTo("ESTABLISHED");
        assertThat(d.table.timeoutSec(h)).isEqualTo(900);
        assertThat(counts(rs)).isEqualTo("1/0/0");

        assertThat(d.in(Protocol.TCP, CLIENT, 51234, VIP, 80, FIN | ACK)).isEqualTo(h);
        assertThat(d.state(h)).isEqualTo("CLOSE_WAIT");
        assertThat(counts(rs)).isEqualTo("0/1/0");

        assertThat(d.out(Protocol.TCP, RIP, 8080, CLIENT, 51234, FIN | ACK)).isEqualTo(h);
        assertThat(d.state(h)).isEqualTo("TIME_WAIT");
        assertThat(d.in(Protocol.TCP, CLIENT, 51234, VIP, 80, ACK)).isEqualTo(h);
        assertThat(d.state(h)).isEqualTo("TIME_WAIT");
        assertThat(counts(rs)).isEqualTo("0/1/0");

        d.advance(119);
        d.expire();
        assertThat(d.table.size()).isEqualTo(1);
        d.advance(1);
        d.expire();
        assertThat(d.table.size()).isZero();
        assertThat(counts(rs)).isEqualTo("0/0/0");
    }

    @Test
    void natCountsPacketsAndBytesInBothDirections() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        RealServer rs = d.dest(svc, RIP, 80, ForwardingMethod.MASQ, 1);
        d.in(Protocol.TCP, CLIENT, 1000, VIP, 80, SYN);
        d.out(Protocol.TCP, RIP, 80, CLIENT, 1000, SYN | ACK);
        d.in(Protocol.TCP, CLIENT, 1000, VIP, 80, ACK);

        var st = rs.stats().snapshot();
        assertThat(new long[] {st.conns(), st.inPkts(), st.inBytes(), st.outPkts(), st.outBytes()})
                .containsExactly(1, 2, 120, 1, 40);
        assertThat(svc.stats().snapshot().conns()).isEqualTo(1);
        assertThat(d.totals.snapshot().inPkts()).isEqualTo(2);
        assertThat(d.table.inPackets(d.core.lookupIn(d.packet(Protocol.TCP, CLIENT, 1000, VIP, 80)))).isEqualTo(2);
    }

    @Test
    void directRoutingUsesTheInputOnlyTableUntilAReplyIsSeen() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        RealServer rs = d.dest(svc, RIP, 80, ForwardingMethod.ROUTE, 1);

        int h = d.in(Protocol.TCP, CLIENT, 4000, VIP, 80, SYN);
        assertThat(d.table.flags(h) & ConnFlags.NOOUTPUT).isNotZero();
        assertThat(d.table.method(h)).isEqualTo(ForwardingMethod.ROUTE);
        assertThat(d.state(h)).isEqualTo("SYN_RECV");
        assertThat(counts(rs)).isEqualTo("1/0/0");

        d.in(Protocol.TCP, CLIENT, 4000, VIP, 80, ACK);
        assertThat(d.state(h)).isEqualTo("ESTABLISHED");

        // A client FIN moves DR to FIN_WAIT (NAT would say CLOSE_WAIT) and it stays there.
        d.in(Protocol.TCP, CLIENT, 4000, VIP, 80, FIN | ACK);
        assertThat(d.state(h)).isEqualTo("FIN_WAIT");
        assertThat(d.table.timeoutSec(h)).isEqualTo(120);
        assertThat(counts(rs)).isEqualTo("0/1/0");
        d.in(Protocol.TCP, CLIENT, 4000, VIP, 80, ACK);
        assertThat(d.state(h)).isEqualTo("FIN_WAIT");

        // Replies bypass the director; a stray one is found but not handled.
        assertThat(d.core.lookupOut(d.packet(Protocol.TCP, RIP, 80, CLIENT, 4000))).isEqualTo(h);
        assertThat(d.out(Protocol.TCP, RIP, 80, CLIENT, 4000, ACK)).isEqualTo(Verdict.PASS);
    }

    @Test
    void udpConnectionStaysInactiveWithTheUdpTimeout() throws Exception {
        VirtualService svc = d.service(Protocol.UDP, VIP, 53);
        RealServer rs = d.dest(svc, RIP, 53, ForwardingMethod.MASQ, 1);
        int h = d.in(Protocol.UDP, CLIENT, 40000, VIP, 53, 0);
        assertThat(d.state(h)).isEqualTo("UDP");
        assertThat(d.table.timeoutSec(h)).isEqualTo(300);
        assertThat(counts(rs)).isEqualTo("0/1/0");
        assertThat(d.out(Protocol.UDP, RIP, 53, CLIENT, 40000, 0)).isEqualTo(h);
        assertThat(counts(rs)).isEqualTo("0/1/0");

        d.advance(299);
        d.expire();
        assertThat(d.table.size()).isEqualTo(1);
        d.advance(1);
        d.expire();
        assertThat(d.table.size()).isZero();
        assertThat(counts(rs)).isEqualTo("0/0/0");
    }

    @Test
    void everyPacketRearmsTheTimer() throws Exception {
        VirtualService svc = d.service(Protocol.UDP, VIP, 53);
        d.dest(svc, RIP, 53, ForwardingMethod.MASQ, 1);
        d.in(Protocol.UDP, CLIENT, 40000, VIP, 53, 0);
        for (int i = 0; i < 5; i++) {
            d.advance(200);
            d.expire();
            assertThat(d.in(Protocol.UDP, CLIENT, 40000, VIP, 53, 0)).isGreaterThanOrEqualTo(0);
        }
        assertThat(d.table.size()).isEqualTo(1);
        assertThat(d.list()).singleElement().extracting(ConnectionRecord::expiresInSec).isEqualTo(300L);
    }

    @Test
    void setTimeoutsAppliesFromEachConnectionsNextPacket() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        d.dest(svc, RIP, 80, ForwardingMethod.ROUTE, 1);
        int h = d.in(Protocol.TCP, CLIENT, 1, VIP, 80, SYN);
        d.in(Protocol.TCP, CLIENT, 1, VIP, 80, ACK);
        assertThat(d.table.timeoutSec(h)).isEqualTo(900);

        d.core.setTimeouts(30, 0, 0);
        assertThat(d.table.timeoutSec(h)).as("unchanged until a packet").isEqualTo(900);
        d.in(Protocol.TCP, CLIENT, 1, VIP, 80, ACK);
        assertThat(d.table.timeoutSec(h)).isEqualTo(30);
        assertThat(d.core.timeouts().tcpFinWait()).isEqualTo(120);
        assertThat(d.core.timeouts().udp()).isEqualTo(300);

        // The shorter deadline takes effect although the entry was filed for 900 s.
        d.advance(30);
        d.expire();
        assertThat(d.table.size()).isZero();
    }

    @Test
    void newConnectionWithoutFurtherPacketsExpiresAfterItsStateTimeout() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        RealServer rs = d.dest(svc, RIP, 80, ForwardingMethod.MASQ, 1);
        d.in(Protocol.TCP, CLIENT, 7, VIP, 80, SYN);
        d.advance(59);
        d.expire();
        assertThat(counts(rs)).isEqualTo("1/0/0");
        d.advance(1);
        d.expire();
        assertThat(counts(rs)).isEqualTo("0/0/0");
    }

    @Test
    void onlyASynWithoutRstOpensATcpConnection() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        d.dest(svc, RIP, 80, ForwardingMethod.MASQ, 1);
        assertThat(d.in(Protocol.TCP, CLIENT, 1, VIP, 80, ACK)).isEqualTo(Verdict.PASS);
        assertThat(d.in(Protocol.TCP, CLIENT, 1, VIP, 80, SYN | RST)).isEqualTo(Verdict.PASS);
        assertThat(d.in(Protocol.TCP, CLIENT, 1, VIP, 81, SYN)).as("no service").isEqualTo(Verdict.PASS);
        assertThat(d.table.size()).isZero();

        d.core.setSysctls(new ConnectionSysctls(true, true, 1, true));
        assertThat(d.in(Protocol.TCP, CLIENT, 1, VIP, 80, ACK)).as("sloppy_tcp").isGreaterThanOrEqualTo(0);
    }

    @Test
    void activeFtpDataFromPort20IsNeverScheduled() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        d.dest(svc, RIP, 80, ForwardingMethod.MASQ, 1);
        assertThat(d.in(Protocol.TCP, CLIENT, 20, VIP, 80, SYN)).isEqualTo(Verdict.PASS);
    }

    @Test
    void noRealServerAnswersPortUnreachableForTcpAndUdp() throws Exception {
        d.service(Protocol.TCP, VIP, 80);
        d.service(Protocol.UDP, VIP, 53);
        assertThat(d.in(Protocol.TCP, CLIENT, 1, VIP, 80, SYN)).isEqualTo(Verdict.UNREACHABLE);
        assertThat(d.in(Protocol.UDP, CLIENT, 1, VIP, 53, 0)).isEqualTo(Verdict.UNREACHABLE);
        assertThat(d.core.drops(IpvsCore.DropReason.NO_DEST_AVAILABLE)).isEqualTo(2);
    }

    @Test
    void quiescedServerGetsNoNewConnectionsButKeepsItsOwn() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        RealServer rs = d.dest(svc, RIP, 80, ForwardingMethod.MASQ, 1);
        int h = d.in(Protocol.TCP, CLIENT, 1, VIP, 80, SYN);
        d.services.editDest(svc.key(), new org.jvs.ipvs.service.DestConfig(ip(RIP), 80, ForwardingMethod.MASQ, 0, 0, 0, null));
        assertThat(d.in(Protocol.TCP, CLIENT, 1, VIP, 80, ACK)).isEqualTo(h);
        assertThat(d.in(Protocol.TCP, CLIENT, 2, VIP, 80, SYN)).isEqualTo(Verdict.UNREACHABLE);
        assertThat(counts(rs)).isEqualTo("1/0/0");
    }

    @Test
    void nonPersistentPortZeroServiceRefusesAsTheKernelDoes() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 0);
        d.dest(svc, RIP, 0, ForwardingMethod.ROUTE, 1);
        assertThat(d.in(Protocol.TCP, CLIENT, 1, VIP, 22, SYN)).isEqualTo(Verdict.UNREACHABLE);
    }

    @Test
    void fwmarkDestinationPortZeroKeepsThePacketPort() throws Exception {
        VirtualService svc = d.fwmarkService(7, 0);
        d.dest(svc, RIP, 0, ForwardingMethod.ROUTE, 1);
        int h = d.inMarked(Protocol.TCP, CLIENT, 1, VIP, 443, 7);
        assertThat(d.table.destPort(h)).isEqualTo(443);
        assertThat(d.table.virtualPort(h)).isEqualTo(443);
        assertThat(d.table.fwmark(h)).isEqualTo(7);
        assertThat(svc.stats().snapshot().conns()).isEqualTo(1);
    }

    @Test
    void tableFullDropsTheNewConnection() throws Exception {
        TestDirector small = new TestDirector(new ConnectionTable(8, 2, 1));
        VirtualService svc = small.service(Protocol.UDP, VIP, 53);
        small.dest(svc, RIP, 53, ForwardingMethod.MASQ, 1);
        assertThat(small.in(Protocol.UDP, CLIENT, 1, VIP, 53, 0)).isGreaterThanOrEqualTo(0);
        assertThat(small.in(Protocol.UDP, CLIENT, 2, VIP, 53, 0)).isGreaterThanOrEqualTo(0);
        assertThat(small.in(Protocol.UDP, CLIENT, 3, VIP, 53, 0)).isEqualTo(Verdict.DROP);
        assertThat(small.core.drops(IpvsCore.DropReason.TABLE_FULL)).isEqualTo(1);
    }

    @Test
    void ipv6NatConnectionIsFoundInBothDirections() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, "2001:db8::1", 80, 0, 128, false);
        RealServer rs = d.dest(svc, "2001:db8:1::2", 8080, ForwardingMethod.MASQ, 1);
        int h = d.in(Protocol.TCP, "2001:db8:ff::9", 5555, "2001:db8::1", 80, SYN);
        assertThat(d.table.isV6(h)).isTrue();
        assertThat(d.out(Protocol.TCP, "2001:db8:1::2", 8080, "2001:db8:ff::9", 5555, SYN | ACK)).isEqualTo(h);
        assertThat(d.in(Protocol.TCP, "2001:db8:ff::9", 5555, "2001:db8::1", 80, ACK)).isEqualTo(h);
        assertThat(d.table.destHi(h)).isEqualTo(ip("2001:db8:1::2").hi());
        assertThat(d.table.destLo(h)).isEqualTo(ip("2001:db8:1::2").lo());
        assertThat(d.list()).singleElement().satisfies(r -> {
            assertThat(r.client()).hasToString("2001:db8:ff::9");
            assertThat(r.virtualAddress()).hasToString("2001:db8::1");
            assertThat(r.stateName()).isEqualTo("ESTABLISHED");
        });
        assertThat(counts(rs)).isEqualTo("1/0/0");
    }
}
