package org.jvs.ipvs.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.conn.ConnFlags;
import org.jvs.ipvs.conn.ConnectionRecord;
import org.jvs.ipvs.conn.ConnectionTable;
import org.jvs.ipvs.conn.IpvsCore;
import org.jvs.ipvs.conn.ServiceLookup;
import org.jvs.ipvs.conn.TcpState;
import org.jvs.ipvs.conn.TcpStateTable;
import org.jvs.ipvs.conn.Timeouts;
import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.sched.Schedulers;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvs.stats.Stats;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A master's records read back by a backup: what the data plane encodes from the connection table
 * decodes to the same connection, and a TCP connection is sent when the kernel sends it.
 */
class SyncRoundTripTest {
    private static final long NOW = 1_000_000_000_000L;

    @Provide
    Arbitrary<ConnectionRecord> records() {
        Arbitrary<IpAddress> v4 = Arbitraries.integers().map(IpAddress::ofV4);
        Arbitrary<IpAddress> v6 = Arbitraries.longs().tuple2().map(t -> IpAddress.ofV6(t.get1(), t.get2()));
        Arbitrary<Integer> port = Arbitraries.integers().between(0, 65_535);
        Arbitrary<Boolean> family = Arbitraries.of(false, true);
        return family.flatMap(six -> Combinators.combine(
                Arbitraries.of(Protocol.TCP, Protocol.UDP), six ? v6 : v4, six ? v6 : v4, six ? v6 : v4,
                port.tuple3(), Arbitraries.of(ConnFlags.MASQ, ConnFlags.DROUTE, ConnFlags.TUNNEL),
                Arbitraries.integers().between(1, 86_400), Arbitraries.integers().between(0, 10)).as(
                        (protocol, c, v, d, ports, method, timeout, state) -> new ConnectionRecord(protocol, c,
                                ports.get1(), v, ports.get2(), d, ports.get3(), method,
                                protocol == Protocol.TCP ? state : 0, timeout, 0, 0, 0, "", "")));
    }

    @Provide
    Arbitrary<List<ConnectionRecord>> recordLists() {
        return records().list().ofMaxSize(300);
    }

    @Property(tries = 500)
    void whatTheMasterEncodesTheBackupDecodes(@ForAll("records") ConnectionRecord sent) {
        ConnectionTable table = new ConnectionTable(8, 1 << 10, 7);
        int h = table.importRecord(sent, null, Timeouts.DEFAULTS, NOW);
        ByteBuffer message = ByteBuffer.allocate(SyncProtocol.DEFAULT_MAXLEN);
        message.position(SyncProtocol.HEADER_V1);
        SyncEncoder.writeRecord(table, h, message);
        SyncEncoder.writeHeader(message, 0, 9, 1, message.position());
        message.flip();

        SyncDecoder.Result got = SyncDecoder.decode(message, 9);

        assertThat(got.refusal()).isNull();
        assertThat(got.records()).hasSize(1);
        ConnectionRecord r = got.records().getFirst();
        assertThat(r.protocol()).isEqualTo(sent.protocol());
        assertThat(List.of(r.client(), r.virtualAddress(), r.dest()))
                .containsExactly(sent.client(), sent.virtualAddress(), sent.dest());
        assertThat(List.of(r.clientPort(), r.virtualPort(), r.destPort(), r.state(), r.timeoutSec()))
                .containsExactly(sent.clientPort(), sent.virtualPort(), sent.destPort(), sent.state(), sent.timeoutSec());
        assertThat(r.flags() & ConnFlags.FWD_MASK).isEqualTo(sent.flags());
        assertThat(r.flags() & ConnFlags.SYNC).isEqualTo(ConnFlags.SYNC);
    }

    @Property(tries = 300)
    void aMessageOfManyRecordsKeepsEveryOne(@ForAll("recordLists") List<ConnectionRecord> sent) {
        ConnectionTable table = new ConnectionTable(8, 1 << 12, 7);
        SyncQueue queue = new SyncQueue(1 << 10);
        for (ConnectionRecord r : sent) {
            queue.offer(table, table.importRecord(r, null, Timeouts.DEFAULTS, NOW));
        }
        List<ConnectionRecord> got = new ArrayList<>();
        ByteBuffer message = ByteBuffer.allocate(SyncProtocol.DEFAULT_MAXLEN);
        while (!queue.isEmpty()) {
            message.clear().position(SyncProtocol.HEADER_V1);
            int n = queue.drainTo(message, SyncProtocol.MAX_RECORDS);
            SyncEncoder.writeHeader(message, 0, 0, n, message.position());
            message.flip();
            assertThat(message.remaining()).isLessThanOrEqualTo(SyncProtocol.DEFAULT_MAXLEN);
            got.addAll(SyncDecoder.decode(message, 0).records());
        }
        assertThat(got).extracting(ConnectionRecord::client).containsExactlyElementsOf(
                sent.stream().map(ConnectionRecord::client).toList());
    }

    @Test
    void aTcpConnectionIsSentWhenEstablishedThenAtPacket53AndAtEachStateChange() throws Exception {
        VirtualServerTable services = new VirtualServerTable(Schedulers::create);
        ServiceKey key = ServiceKey.of(Protocol.TCP, IpAddress.parseNumeric("10.0.0.100"), 80);
        services.addService(new ServiceConfig(key, "rr", 0, 0, -1, ""));
        services.addDest(key, new DestConfig(IpAddress.parseNumeric("10.0.0.2"), 80, ForwardingMethod.ROUTE, 1, 0, 0, null));
        IpvsCore core = new IpvsCore(new ConnectionTable(8, 1 << 10, 7), ServiceLookup.of(services), new Stats());
        SyncQueue queue = new SyncQueue(64);
        core.setSyncListener(queue);
        PacketKey p = new PacketKey();
        List<Integer> sentAt = new ArrayList<>();
        List<String> states = new ArrayList<>();
        for (int packet = 1; packet <= 60; packet++) {
            int flags = packet == 1 ? TcpStateTable.SYN : packet == 60 ? TcpStateTable.FIN | TcpStateTable.ACK
                    : TcpStateTable.ACK;
            p.setV4(Protocol.TCP, IpAddress.parseNumeric("10.0.0.9").v4(), 40_000, key.address().v4(), 80, NOW + packet);
            assertThat(core.in(p, flags, 60)).isNotNegative();
            ByteBuffer m = ByteBuffer.allocate(SyncProtocol.DEFAULT_MAXLEN).position(SyncProtocol.HEADER_V1);
            int n = queue.drainTo(m, SyncProtocol.MAX_RECORDS);
            if (n > 0) {
                SyncEncoder.writeHeader(m, 0, 0, n, m.position());
                sentAt.add(packet);
                states.add(SyncDecoder.decode(m.flip(), 0).records().getFirst().stateName());
            }
        }
        // The handshake's third packet makes it ESTABLISHED; 53 is sync_period + sync_threshold; the FIN changes state.
        assertThat(sentAt).containsExactly(2, 3, 53, 60);
        assertThat(states).containsExactly(TcpState.ESTABLISHED.label(), TcpState.ESTABLISHED.label(),
                TcpState.ESTABLISHED.label(), TcpState.FIN_WAIT.label());
    }
}
