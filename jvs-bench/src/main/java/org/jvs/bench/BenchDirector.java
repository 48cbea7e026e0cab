package org.jvs.bench;

import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.conn.ConnectionTable;
import org.jvs.ipvs.conn.IpvsCore;
import org.jvs.ipvs.conn.ServiceLookup;
import org.jvs.ipvs.conn.TcpStateTable;
import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.sched.Schedulers;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvs.stats.Stats;

/**
 * A director for benchmarks: one TCP service 10.0.0.1:80 with {@code realServers} LVS-DR real
 * servers, the project's scheduler of the given name, and a connection table sized up front so
 * that no index growth happens while measuring. Client {@code i} is a distinct
 * {@code <address, port>}: 60,000 ports per address from 100.64.0.0 on. Not thread-safe.
 */
final class BenchDirector {
    static final int VIP = IpAddress.parseNumeric("10.0.0.1").v4();
    private static final int FIRST_CLIENT = IpAddress.parseNumeric("100.64.0.0").v4();
    private static final int FIRST_RIP = IpAddress.parseNumeric("172.16.0.1").v4();
    private static final int PORTS_PER_CLIENT = 60_000;

    final VirtualServerTable services;
    final IpvsCore core;
    final PacketKey key = new PacketKey();

    BenchDirector(String scheduler, int realServers, int tabBits, int maxConnections) throws IpvsException {
        services = new VirtualServerTable(Schedulers::create);
        ServiceKey svc = ServiceKey.of(Protocol.TCP, IpAddress.ofV4(VIP), 80);
        services.addService(new ServiceConfig(svc, scheduler, 0, 0, ServiceConfig.V4_HOST_MASK, ""));
        for (int i = 0; i < realServers; i++) {
            services.addDest(svc, new DestConfig(IpAddress.ofV4(FIRST_RIP + i), 80, ForwardingMethod.ROUTE, 1, 0, 0, null));
        }
        ConnectionTable table = new ConnectionTable(tabBits, maxConnections, 0x5EED_1234_5678L);
        core = new IpvsCore(table, ServiceLookup.of(services), new Stats());
        services.onRealServerRemoved(core.control()::destRemoved);
    }

    static int clientAddress(long i) {
        return FIRST_CLIENT + (int) (i / PORTS_PER_CLIENT);
    }

    static int clientPort(long i) {
        return 1024 + (int) (i % PORTS_PER_CLIENT);
    }

    /** Client {@code i}'s packet to the service with these TCP flags; returns the handle or verdict. */
    int in(long i, int tcpFlags, long nowNs) {
        key.setV4(Protocol.TCP, clientAddress(i), clientPort(i), VIP, 80, nowNs);
        return core.in(key, tcpFlags, 60);
    }

    /** Opens and establishes connections of clients 0..count-1 (SYN, then ACK: ESTABLISHED, 900 s). */
    void establish(int count, long nowNs) {
        for (int i = 0; i < count; i++) {
            if (in(i, TcpStateTable.SYN, nowNs) < 0 || in(i, TcpStateTable.ACK, nowNs) < 0) {
                throw new IllegalStateException("connection " + i + " was not scheduled");
            }
        }
    }
}
