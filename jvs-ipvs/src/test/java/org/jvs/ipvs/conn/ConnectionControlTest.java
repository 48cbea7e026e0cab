package org.jvs.ipvs.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.ipvs.conn.TcpStateTable.ACK;
import static org.jvs.ipvs.conn.TcpStateTable.SYN;
import static org.jvs.ipvs.conn.TestDirector.counts;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.VirtualService;
import org.junit.jupiter.api.Test;

/** The control-plane side: sliced listings, sync export and import. */
class ConnectionControlTest {
    private static final String VIP = "10.0.0.1";

    @Test
    void listingCarriesWhatIpvsadmLncPrints() throws Exception {
        TestDirector d = new TestDirector();
        VirtualService svc = d.service(Protocol.TCP, VIP, 80);
        d.dest(svc, "192.168.1.2", 8080, ForwardingMethod.MASQ, 1);
        d.in(Protocol.TCP, "203.0.113.9", 51234, VIP, 80, SYN);
        d.in(Protocol.TCP, "203.0.113.9", 51234, VIP, 80, ACK);
        d.advance(1);

        ConnectionRecord r = d.list().getFirst();
        String row = String.format("%-3s %02d:%02d  %-11s %s:%d %s:%d %s:%d", r.protocol().label(),
                r.expiresInSec() / 60, r.expiresInSec() % 60, r.stateName(), r.client(), r.clientPort(),
                r.virtualAddress(), r.virtualPort(), r.dest(), r.destPort());
        assertThat(row).isEqualTo("TCP 14:59  ESTABLISHED 203.0.113.9:51234 10.0.0.1:80 192.168.1.2:8080");
        assertThat(r.peName()).isEmpty();
        assertThat(r.peData()).isEmpty();
    }

    @Test
    void listingInSlicesSeesEveryEntryOnce() throws Exception {
        TestDirector d = new TestDirector();
        VirtualService svc = d.service(Protocol.UDP, VIP, 53);
        d.dest(svc, "192.168.1.2", 53, ForwardingMethod.MASQ, 1);
        for (int port = 1000; port < 6000; port++) {
            d.in(Protocol.UDP, "203.0.113.9", port, VIP, 53, 0);
        }
        CompletableFuture<List<ConnectionRecord>> f = d.core.control().list();
        int slices = 0;
        while (d.core.runControl(d.nowNs, 700)) {
            slices++;
            assertThat(f).isNotDone();
        }
        assertThat(slices).isGreaterThanOrEqualTo(6);
        assertThat(f.join()).extracting(ConnectionRecord::clientPort).doesNotHaveDuplicates().hasSize(5000);
    }

    @Test
    void backupImportsTheMastersConnectionsWithTheirStatesAndCounts() throws Exception {
        TestDirector master = new TestDirector();
        TestDirector backup = new TestDirector();
        RealServer[] backupDests = new RealServer[2];
        for (TestDirector d : List.of(master, backup)) {
            VirtualService svc = d.service(Protocol.TCP, VIP, 80, 300, ServiceConfig.V4_HOST_MASK, false);
            RealServer a = d.dest(svc, "192.168.1.2", 80, ForwardingMethod.ROUTE, 1);
            RealServer b = d.dest(svc, "192.168.1.3", 80, ForwardingMethod.ROUTE, 1);
            if (d == backup) {
                backupDests[0] = a;
                backupDests[1] = b;
            }
        }
        master.in(Protocol.TCP, "203.0.113.9", 1000, VIP, 80, SYN);
        master.in(Protocol.TCP, "203.0.113.9", 1000, VIP, 80, ACK);
        master.in(Protocol.TCP, "198.51.100.1", 2000, VIP, 80, SYN);
        master.in(Protocol.TCP, "198.51.100.1", 2000, VIP, 80, TcpStateTable.FIN | ACK);
        List<ConnectionRecord> sent = master.list();

        int taken = backup.run(backup.core.control().importRecords(sent,
                r -> r.dest().equals(backupDests[0].address()) ? backupDests[0] : backupDests[1]));
        assertThat(taken).isEqualTo(4);

        List<ConnectionRecord> got = backup.list();
        assertThat(got).extracting(ConnectionRecord::stateName, ConnectionRecord::client, ConnectionRecord::dest,
                        ConnectionRecord::timeoutSec)
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(r -> org.assertj.core.groups.Tuple.tuple(
                        r.stateName(), r.client(), r.dest(), r.timeoutSec())).toList());
        assertThat(got).allSatisfy(r -> assertThat(r.flags() & ConnFlags.SYNC).isNotZero());
        assertThat(countsOf(backup)).as("Active/InAct/Persist as on the master").isEqualTo(countsOf(master));

        // A later update moves the entry between InActConn and ActiveConn as on the master.
        ConnectionRecord established = sent.stream().filter(r -> r.stateName().equals("ESTABLISHED")).findFirst().orElseThrow();
        ConnectionRecord closing = new ConnectionRecord(established.protocol(), established.client(),
                established.clientPort(), established.virtualAddress(), established.virtualPort(), established.dest(),
                established.destPort(), established.flags() | ConnFlags.INACTIVE, TcpState.FIN_WAIT.code(), 120, 0,
                0, 0, "", "");
        RealServer target = established.dest().equals(backupDests[0].address()) ? backupDests[0] : backupDests[1];
        int activeBefore = target.activeConns();
        backup.run(backup.core.control().importRecords(List.of(closing), r -> target));
        assertThat(target.activeConns()).isEqualTo(activeBefore - 1);
        assertThat(backup.table.size()).isEqualTo(4);
    }

    private static String countsOf(TestDirector d) {
        VirtualService svc = d.services.services().getFirst();
        RealServer a = svc.findDestination(TestDirector.ip("192.168.1.2"), 80);
        RealServer b = svc.findDestination(TestDirector.ip("192.168.1.3"), 80);
        return counts(a) + " " + counts(b);
    }

    @Test
    void importWithoutAKnownServerKeepsTheEntryUnbound() throws Exception {
        TestDirector d = new TestDirector();
        ConnectionRecord r = new ConnectionRecord(Protocol.UDP, TestDirector.ip("203.0.113.9"), 5000,
                TestDirector.ip(VIP), 53, TestDirector.ip("192.168.1.9"), 53, ConnFlags.DROUTE, 0, 0, 0, 0, 0, "", "");
        assertThat(d.run(d.core.control().importRecords(List.of(r), x -> null))).isEqualTo(1);
        ConnectionRecord got = d.list().getFirst();
        assertThat(got.timeoutSec()).as("no timeout sent: the state's").isEqualTo(300);
        assertThat(got.dest()).isEqualTo(TestDirector.ip("192.168.1.9"));
        assertThat(d.table.dest(d.core.lookupIn(d.packet(Protocol.UDP, "203.0.113.9", 5000, VIP, 53)))).isNull();
    }
}
