package org.jvs.ipvs.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.ipvs.conn.TcpStateTable.ACK;
import static org.jvs.ipvs.conn.TcpStateTable.SYN;
import static org.jvs.ipvs.conn.TestDirector.counts;
import static org.jvs.ipvs.conn.TestDirector.ip;

import java.util.List;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.VirtualService;
import org.junit.jupiter.api.Test;

/** Persistence templates (ip_vs_sched_persist, ip_vs_check_template, expire_later). */
class PersistenceTest {
    private static final String VIP = "10.0.0.1";
    private static final int MASK_24 = 0xFFFF_FF00;

    private final TestDirector d = new TestDirector();

    private RealServer destOf(int h) {
        return d.table.dest(h);
    }

    @Test
    void sameClientGoesToTheSameServerOnEveryNewConnection() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80, 360, ServiceConfig.V4_HOST_MASK, false);
        RealServer a = d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        RealServer b = d.dest(svc, "192.168.1.3", 80, ForwardingMethod.ROUTE, 1);

        RealServer first = destOf(d.in(Protocol.TCP, "203.0.113.9", 1000, VIP, 80, SYN));
        RealServer other = destOf(d.in(Protocol.TCP, "198.51.100.1", 1000, VIP, 80, SYN));
        assertThat(other).as("round robin moved on").isNotSameAs(first);
        for (int port = 1001; port < 1010; port++) {
            assertThat(destOf(d.in(Protocol.TCP, "203.0.113.9", port, VIP, 80, SYN))).isSameAs(first);
        }
        assertThat(first.persistConns()).isEqualTo(1);
        assertThat(first.activeConns()).isEqualTo(10);
        assertThat(a.persistConns() + b.persistConns()).isEqualTo(2);
    }

    @Test
    void clientsOfOneMaskedNetworkShareTheirTemplate() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80, 360, MASK_24, false);
        d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        d.dest(svc, "192.168.1.3", 80, ForwardingMethod.ROUTE, 1);

        RealServer first = destOf(d.in(Protocol.TCP, "203.0.113.9", 1000, VIP, 80, SYN));
        assertThat(destOf(d.in(Protocol.TCP, "203.0.113.77", 1000, VIP, 80, SYN))).isSameAs(first);
        assertThat(destOf(d.in(Protocol.TCP, "203.0.114.1", 1000, VIP, 80, SYN))).isNotSameAs(first);

        List<ConnectionRecord> templates = d.list().stream().filter(ConnectionRecord::isTemplate).toList();
        assertThat(templates).hasSize(2);
        assertThat(templates).anySatisfy(t -> {
            assertThat(t.client()).hasToString("203.0.113.0");
            assertThat(t.clientPort()).isZero();
            assertThat(t.virtualAddress()).hasToString(VIP);
            assertThat(t.virtualPort()).isEqualTo(80);
            assertThat(t.destPort()).isEqualTo(80);
            assertThat(t.protocol()).isEqualTo(Protocol.TCP);
            assertThat(t.stateName()).isEqualTo("NONE");
            assertThat(t.timeoutSec()).isEqualTo(360);
        });
    }

    @Test
    void templateBecomesAssuredWhenAControlledConnectionIsEstablished() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80, 360, ServiceConfig.V4_HOST_MASK, false);
        d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        d.in(Protocol.TCP, "203.0.113.9", 1000, VIP, 80, SYN);
        assertThat(templateState()).isEqualTo("NONE");
        d.in(Protocol.TCP, "203.0.113.9", 1000, VIP, 80, ACK);
        assertThat(templateState()).isEqualTo("ASSURED");
    }

    private String templateState() {
        return d.list().stream().filter(ConnectionRecord::isTemplate).findFirst().orElseThrow().stateName();
    }

    @Test
    void templateOutlivesItsTimeoutBy60SecondStepsWhileItControlsConnections() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80, 360, ServiceConfig.V4_HOST_MASK, false);
        RealServer rs = d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        d.in(Protocol.TCP, "203.0.113.9", 1000, VIP, 80, SYN);
        d.advance(10);
        d.in(Protocol.TCP, "203.0.113.9", 1000, VIP, 80, ACK); // established, expires at t=910

        d.advance(359); // t=369: the template's 360 s ran out while it controls a connection
        d.expire();
        assertThat(counts(rs)).isEqualTo("1/0/1");
        ConnectionRecord template = d.list().stream().filter(ConnectionRecord::isTemplate).findFirst().orElseThrow();
        assertThat(template.timeoutSec()).isEqualTo(60);
        assertThat(template.expiresInSec()).isEqualTo(51); // re-armed at t=360 until t=420

        d.advance(541); // t=910: the connection expires; the template was re-armed at 900 until 960
        d.expire();
        assertThat(counts(rs)).isEqualTo("0/0/1");
        d.advance(49);
        d.expire();
        assertThat(counts(rs)).isEqualTo("0/0/1");
        d.advance(1);
        d.expire();
        assertThat(counts(rs)).isEqualTo("0/0/0");
        assertThat(d.table.size()).isZero();
    }

    @Test
    void eachNewConnectionRearmsTheTemplate() throws Exception {
        VirtualService svc = d.service(Protocol.UDP, VIP, 53, 100, ServiceConfig.V4_HOST_MASK, false);
        RealServer rs = d.dest(svc, "192.168.1.2", 53, ForwardingMethod.ROUTE, 1);
        d.in(Protocol.UDP, "203.0.113.9", 1000, VIP, 53, 0);
        d.advance(350); // the first connection (300 s) is gone; the template lived on 60 s past 100
        d.expire();
        assertThat(d.table.size()).isZero();

        d.in(Protocol.UDP, "203.0.113.9", 1000, VIP, 53, 0);
        d.advance(90);
        d.in(Protocol.UDP, "203.0.113.9", 1001, VIP, 53, 0); // template re-armed for 100 s
        d.advance(95);
        d.expire();
        assertThat(rs.persistConns()).isEqualTo(1);
        ConnectionRecord template = d.list().stream().filter(ConnectionRecord::isTemplate).findFirst().orElseThrow();
        assertThat(template.timeoutSec()).as("never fired, so not in expire_later mode").isEqualTo(100);
        assertThat(template.expiresInSec()).isEqualTo(5);
    }

    @Test
    void quiescedServerLosesItsClientsWithExpireQuiescentTemplate() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80, 360, ServiceConfig.V4_HOST_MASK, false);
        RealServer a = d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        RealServer b = d.dest(svc, "192.168.1.3", 80, ForwardingMethod.ROUTE, 1);
        RealServer first = destOf(d.in(Protocol.TCP, "203.0.113.9", 1000, VIP, 80, SYN));
        RealServer second = first == a ? b : a;
        quiesce(svc, first);

        int h = d.in(Protocol.TCP, "203.0.113.9", 1001, VIP, 80, SYN);
        assertThat(destOf(h)).isSameAs(second);
        assertThat(first.persistConns()).as("the old template lives until it expires").isEqualTo(1);
        assertThat(second.persistConns()).isEqualTo(1);
        assertThat(d.list()).filteredOn(ConnectionRecord::isTemplate)
                .anySatisfy(t -> assertThat(t.virtualPort()).isEqualTo(0xFFFF))
                .anySatisfy(t -> assertThat(t.virtualPort()).isEqualTo(80));
    }

    @Test
    void quiescedServerKeepsItsClientsWithoutExpireQuiescentTemplate() throws Exception {
        d.core.setSysctls(new ConnectionSysctls(true, false, 1, false));
        VirtualService svc = d.service(Protocol.TCP, VIP, 80, 360, ServiceConfig.V4_HOST_MASK, false);
        d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        d.dest(svc, "192.168.1.3", 80, ForwardingMethod.ROUTE, 1);
        RealServer first = destOf(d.in(Protocol.TCP, "203.0.113.9", 1000, VIP, 80, SYN));
        quiesce(svc, first);
        assertThat(destOf(d.in(Protocol.TCP, "203.0.113.9", 1001, VIP, 80, SYN))).isSameAs(first);
        assertThat(first.persistConns()).isEqualTo(1);
    }

    @Test
    void deletedServerInvalidatesItsTemplates() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 80, 360, ServiceConfig.V4_HOST_MASK, false);
        d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
        d.dest(svc, "192.168.1.3", 80, ForwardingMethod.ROUTE, 1);
        RealServer first = destOf(d.in(Protocol.TCP, "203.0.113.9", 1000, VIP, 80, SYN));
        d.services.deleteDest(svc.key(), first.address(), first.port());
        assertThat(destOf(d.in(Protocol.TCP, "203.0.113.9", 1001, VIP, 80, SYN))).isNotSameAs(first);
    }

    private void quiesce(VirtualService svc, RealServer rs) throws Exception {
        d.services.editDest(svc.key(), new DestConfig(rs.address(), rs.port(), rs.method(), 0, 0, 0, null));
    }

    @Test
    void fwmarkTemplateCoversEveryPortOfTheMark() throws Exception {
        VirtualService svc = d.fwmarkService(7, 300);
        d.dest(svc, "192.168.1.2", 0, ForwardingMethod.ROUTE, 1);
        d.dest(svc, "192.168.1.3", 0, ForwardingMethod.ROUTE, 1);
        int web = d.inMarked(Protocol.TCP, "203.0.113.9", 1000, VIP, 80, 7);
        int tls = d.inMarked(Protocol.TCP, "203.0.113.9", 1001, VIP, 443, 7);
        int dns = d.inMarked(Protocol.UDP, "203.0.113.9", 1002, "10.0.0.2", 53, 7);
        assertThat(destOf(tls)).isSameAs(destOf(web));
        assertThat(destOf(dns)).isSameAs(destOf(web));
        assertThat(d.table.destPort(tls)).isEqualTo(443);
        assertThat(d.table.destPort(dns)).isEqualTo(53);

        ConnectionRecord t = d.list().stream().filter(ConnectionRecord::isTemplate).findFirst().orElseThrow();
        assertThat(t.protocol()).isEqualTo(Protocol.IP);
        assertThat(t.virtualAddress()).hasToString("0.0.0.7");
        assertThat(t.virtualPort()).isZero();
        assertThat(t.destPort()).isZero();
        assertThat(d.list()).filteredOn(ConnectionRecord::isTemplate).hasSize(1);
    }

    @Test
    void portZeroServiceTemplateCoversEveryPortAndKeepsThePacketPort() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 0, 300, ServiceConfig.V4_HOST_MASK, false);
        d.dest(svc, "192.168.1.2", 0, ForwardingMethod.ROUTE, 1);
        d.dest(svc, "192.168.1.3", 0, ForwardingMethod.ROUTE, 1);
        int ssh = d.in(Protocol.TCP, "203.0.113.9", 1000, VIP, 22, SYN);
        int web = d.in(Protocol.TCP, "203.0.113.9", 1001, VIP, 80, SYN);
        assertThat(destOf(web)).isSameAs(destOf(ssh));
        assertThat(d.table.destPort(ssh)).isEqualTo(22);
        assertThat(d.table.destPort(web)).isEqualTo(80);
        assertThat(d.list()).filteredOn(ConnectionRecord::isTemplate).singleElement()
                .satisfies(t -> assertThat(t.virtualPort()).isZero());
    }

    @Test
    void ftpControlAndPassiveDataShareOneTemplate() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, VIP, 21, 300, ServiceConfig.V4_HOST_MASK, false);
        d.dest(svc, "192.168.1.2", 21, ForwardingMethod.MASQ, 1);
        d.dest(svc, "192.168.1.3", 21, ForwardingMethod.MASQ, 1);
        int ctl = d.in(Protocol.TCP, "203.0.113.9", 1000, VIP, 21, SYN);
        int data = d.in(Protocol.TCP, "203.0.113.9", 1001, VIP, 40000, SYN);
        assertThat(data).isGreaterThanOrEqualTo(0);
        assertThat(destOf(data)).isSameAs(destOf(ctl));
        assertThat(d.table.destPort(ctl)).isEqualTo(21);
        assertThat(d.table.destPort(data)).isEqualTo(40000);
        assertThat(d.list()).filteredOn(ConnectionRecord::isTemplate).singleElement().satisfies(t -> {
            assertThat(t.virtualPort()).isZero();
            assertThat(t.destPort()).isZero();
        });
    }

    @Test
    void ipv6TemplateMasksTheClientPrefix() throws Exception {
        VirtualService svc = d.service(Protocol.TCP, "2001:db8::1", 80, 300, 64, false);
        d.dest(svc, "2001:db8:1::2", 80, ForwardingMethod.ROUTE, 1);
        d.dest(svc, "2001:db8:1::3", 80, ForwardingMethod.ROUTE, 1);
        RealServer first = destOf(d.in(Protocol.TCP, "2001:db8:ff:1::9", 1000, "2001:db8::1", 80, SYN));
        assertThat(destOf(d.in(Protocol.TCP, "2001:db8:ff:1::77", 1000, "2001:db8::1", 80, SYN))).isSameAs(first);
        assertThat(d.list()).filteredOn(ConnectionRecord::isTemplate).singleElement()
                .satisfies(t -> assertThat(t.client()).isEqualTo(ip("2001:db8:ff:1::")));
    }
}
