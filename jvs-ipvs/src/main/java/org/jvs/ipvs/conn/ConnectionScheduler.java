package org.jvs.ipvs.conn;

import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.VirtualService;
import org.jvs.ipvs.stats.Stats;

/**
 * Creates the connection for the first packet of a flow (ip_vs_schedule, ip_vs_sched_persist,
 * ip_vs_leave): asks the service's scheduler for a real server, or follows the client's
 * persistence template, and binds the new entry. Returns a connection handle or a negative
 * {@link Verdict}. Does not allocate.
 *
 * <p>Not thread-safe: runs on the connection table's data-plane thread.
 */
final class ConnectionScheduler {
    private static final int FTP_PORT = 21;
    private static final int FTP_DATA_PORT = 20;

    private final ConnectionTable table;
    private final Stats totals;

    ConnectionScheduler(ConnectionTable table, Stats totals) {
        this.table = table;
        this.totals = totals;
    }

    /** A new connection for {@code p} in {@code svc}, or {@link Verdict#PASS}/{@link Verdict#DROP}/{@link Verdict#UNREACHABLE}. */
    int schedule(VirtualService svc, PacketKey p, ConnectionSysctls sysctls) {
        // Active FTP data comes from the real server's port 20 and is never scheduled.
        if (p.srcPort == FTP_DATA_PORT) {
            return Verdict.PASS;
        }
        ServiceConfig config = svc.config();
        if (config.persistent()) {
            return schedulePersistent(svc, config, p, sysctls);
        }
        ServiceKey key = svc.key();
        if (!key.isFwmark() && p.dstPort != key.port()) {
            // Port-zero services only work with persistence; the kernel logs and refuses.
            return leave(key, p);
        }
        RealServer dest = svc.scheduler().schedule(svc, p);
        if (dest == null) {
            return leave(key, p);
        }
        int dport = dest.port() != 0 ? dest.port() : p.dstPort;
        int h = table.create(p.family == AddressFamily.INET6, p.protocol.number(), p.srcHi, p.srcLo, p.srcPort,
                p.dstHi, p.dstLo, p.dstPort, dest.family() == AddressFamily.INET6,
                dest.address().hi(), dest.address().lo(), dport, onePacketFlag(config, p), dest, p.fwmark, p.nowNs);
        if (h < 0) {
            return Verdict.DROP;
        }
        countConnection(dest);
        return h;
    }

    private int schedulePersistent(VirtualService svc, ServiceConfig config, PacketKey p, ConnectionSysctls sysctls) {
        ServiceKey key = svc.key();
        boolean v6 = p.family == AddressFamily.INET6;
        long netHi = 0;
        long netLo;
        if (v6) {
            int prefix = config.netmask();
            netHi = p.srcHi & (prefix <= 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix));
            netLo = p.srcLo & (prefix <= 64 ? 0 : prefix >= 128 ? -1L : -1L << (128 - prefix));
        } else {
            netLo = p.srcLo & (config.netmask() & 0xFFFF_FFFFL);
        }
        // Template key: <proto, client net, 0, vaddr, vport>; FTP and port-zero services use
        // vport 0 so control and data connections share it, fwmark services the mark as vaddr.
        int protocol = p.protocol.number();
        long vHi = p.dstHi;
        long vLo = p.dstLo;
        int vport = 0;
        boolean servicePort = p.dstPort == key.port();
        if (servicePort) {
            if (key.port() != FTP_PORT) {
                vport = p.dstPort;
            }
        } else if (key.isFwmark()) {
            protocol = Protocol.IP.number();
            vHi = v6 ? (key.fwmark() & 0xFFFF_FFFFL) << 32 : 0;
            vLo = v6 ? 0 : key.fwmark() & 0xFFFF_FFFFL;
        }
        int ct = table.findTemplate(v6, protocol, netHi, netLo, vHi, vLo, vport);
        RealServer dest;
        if (ct < 0 || !templateUsable(ct, sysctls)) {
            dest = svc.scheduler().schedule(svc, p);
            if (dest == null) {
                return leave(key, p);
            }
            int templateDport = servicePort && key.port() != FTP_PORT ? dest.port() : 0;
            ct = table.create(v6, protocol, netHi, netLo, 0, vHi, vLo, vport, dest.family() == AddressFamily.INET6,
                    dest.address().hi(), dest.address().lo(), templateDport, ConnFlags.TEMPLATE, dest, p.fwmark, p.nowNs);
            if (ct < 0) {
                return Verdict.DROP;
            }
            table.setTimeoutSec(ct, config.timeoutSec());
        } else {
            dest = table.dest(ct);
        }
        int dport = p.dstPort;
        if (dport == key.port() && dest.port() != 0) {
            dport = dest.port();
        }
        int h = table.create(v6, p.protocol.number(), p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort,
                dest.family() == AddressFamily.INET6, dest.address().hi(), dest.address().lo(), dport,
                onePacketFlag(config, p), dest, p.fwmark, p.nowNs);
        if (h < 0) {
            table.touch(ct, p.nowNs);
            return Verdict.DROP;
        }
        table.addControl(h, ct);
        table.touch(ct, p.nowNs);
        countConnection(dest);
        return h;
    }

    /**
     * ip_vs_check_template: a template whose real server was deleted, or is quiesced with
     * expire_quiescent_template, is invalidated so that the client is scheduled anew.
     */
    private boolean templateUsable(int ct, ConnectionSysctls sysctls) {
        RealServer dest = table.dest(ct);
        if (dest != null && dest.available() && !(sysctls.expireQuiescentTemplate() && dest.weight() == 0)) {
            return true;
        }
        table.invalidateTemplate(ct);
        return false;
    }

    private static int onePacketFlag(ServiceConfig config, PacketKey p) {
        return config.onePacket() && p.protocol == Protocol.UDP ? ConnFlags.ONE_PACKET : 0;
    }

    /** ip_vs_leave: no real server; an FTP service lets other ports of its VIP pass to the host. */
    private static int leave(ServiceKey key, PacketKey p) {
        if (key.port() == FTP_PORT && p.dstPort != FTP_PORT) {
            return Verdict.PASS;
        }
        return Verdict.UNREACHABLE;
    }

    /** ip_vs_conn_stats: one more connection for the real server, its service and the director. */
    private void countConnection(RealServer dest) {
        dest.stats().addConnection();
        dest.service().stats().addConnection();
        totals.addConnection();
    }
}
