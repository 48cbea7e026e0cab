package org.jvs.ipvs.conn;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.sched.Scheduler;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvs.service.VirtualService;
import org.jvs.ipvs.stats.Stats;

/**
 * A director for tests: the real virtual-server table and connection table, a tiny round-robin
 * scheduler of its own, and a fake clock in whole seconds.
 */
final class TestDirector {
    /** Round robin over schedulable servers in list order; enough to make scheduling visible. */
    static final class RoundRobin implements Scheduler {
        private int next;

        @Override
        public String name() {
            return "rr";
        }

        @Override
        public RealServer schedule(VirtualService service, PacketKey packet) {
            RealServer[] ds = service.destinations();
            for (int i = 0; i < ds.length; i++) {
                RealServer d = ds[(next + i) % ds.length];
                if (d.schedulable()) {
                    next = (next + i + 1) % ds.length;
                    return d;
                }
            }
            return null;
        }
    }

    static final long SEC = 1_000_000_000L;

    final VirtualServerTable services = new VirtualServerTable(name -> new RoundRobin());
    final Stats totals = new Stats();
    final IpvsCore core;
    final ConnectionTable table;
    private final PacketKey key = new PacketKey();
    /** Fake monotonic clock; starts far from zero so no code can assume 0 is "never". */
    long nowNs = 1_000_000 * SEC;

    TestDirector() {
        this(new ConnectionTable(ConnectionTable.DEFAULT_TAB_BITS, 1 << 22, 42));
    }

    TestDirector(ConnectionTable table) {
        this.table = table;
        this.core = new IpvsCore(table, ServiceLookup.of(services), totals);
        services.onRealServerRemoved(core.control()::destRemoved);
    }

    static IpAddress ip(String text) {
        return IpAddress.parseNumeric(text);
    }

    VirtualService service(Protocol protocol, String vip, int port, int persistSec, int netmask, boolean onePacket)
            throws IpvsException {
        ServiceKey k = ServiceKey.of(protocol, ip(vip), port);
        int flags = (persistSec > 0 ? ServiceFlags.PERSISTENT : 0) | (onePacket ? ServiceFlags.ONEPACKET : 0);
        services.addService(new ServiceConfig(k, "rr", flags, persistSec, netmask, ""));
        return services.service(k);
    }

    VirtualService service(Protocol protocol, String vip, int port) throws IpvsException {
        return service(protocol, vip, port, 0, ServiceConfig.V4_HOST_MASK, false);
    }

    VirtualService fwmarkService(int mark, int persistSec) throws IpvsException {
        ServiceKey k = ServiceKey.ofFwmark(mark, AddressFamily.INET);
        int flags = persistSec > 0 ? ServiceFlags.PERSISTENT : 0;
        services.addService(new ServiceConfig(k, "rr", flags, persistSec, ServiceConfig.V4_HOST_MASK, ""));
        return services.service(k);
    }

    RealServer dest(VirtualService svc, String rip, int port, ForwardingMethod method, int weight) throws IpvsException {
        return services.addDest(svc.key(), new DestConfig(ip(rip), port, method, weight, 0, 0, null));
    }

    void advance(long seconds) {
        nowNs += seconds * SEC;
    }

    void expire() {
        core.expire(nowNs);
    }

    PacketKey packet(Protocol protocol, String src, int sport, String dst, int dport) {
        return key.set(protocol, ip(src), sport, ip(dst), dport, nowNs);
    }

    /** A client packet; returns the handle or verdict. */
    int in(Protocol protocol, String client, int cport, String vip, int vport, int tcpFlags) {
        return core.in(packet(protocol, client, cport, vip, vport), tcpFlags, 60);
    }

    int inMarked(Protocol protocol, String client, int cport, String vip, int vport, int mark) {
        PacketKey p = packet(protocol, client, cport, vip, vport);
        p.fwmark = mark;
        return core.in(p, TcpStateTable.SYN, 60);
    }

    /** A real server's reply to the client. */
    int out(Protocol protocol, String rip, int rport, String client, int cport, int tcpFlags) {
        return core.out(packet(protocol, rip, rport, client, cport), tcpFlags, 40);
    }

    String state(int h) {
        return ConnectionRecord.stateName(table.protocol(h), table.flags(h), table.state(h));
    }

    /** Runs the control queue to completion and returns the listing. */
    List<ConnectionRecord> list() {
        return run(core.control().list());
    }

    <T> T run(CompletableFuture<T> f) {
        while (core.runControl(nowNs, 1000)) {
            // slices of 1000 entries, as the data plane would run them between packets
        }
        return f.join();
    }

    static String counts(RealServer d) {
        return d.activeConns() + "/" + d.inactConns() + "/" + d.persistConns();
    }
}
