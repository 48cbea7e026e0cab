package org.jvs.ipvs.conn;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;
import org.jvs.ipvs.stats.Stats;

/**
 * The data-plane entry points of the director (ip_vs_in and ip_vs_out of ip_vs_core.c): a
 * forwarder hands in each packet's {@link PacketKey}, TCP flags and IP length and gets back a
 * connection handle to rewrite and send the packet with (read through {@link #connections()}), or
 * a negative {@link Verdict}. Scheduling, persistence, the TCP state machine, ActiveConn/InActConn
 * moves, packet and byte counters, connection reuse and the treatment of deleted real servers all
 * happen here, as in the kernel. Time comes only from {@link PacketKey#nowNs} and the
 * {@code nowNs} arguments; nothing here reads a clock, allocates or throws per packet.
 *
 * <p>Thread-safety: {@link #in}, {@link #out}, {@link #expire} and {@link #runControl} must all be
 * called from one data-plane thread, which owns the connection table. {@link #setTimeouts},
 * {@link #setSysctls}, the getters of settings and counters, and {@link #control()} may be used
 * from any thread.
 */
public final class IpvsCore {
    private static final VarHandle DROPS = MethodHandles.arrayElementVarHandle(long[].class);

    /** Why a packet was dropped or refused; counted, never thrown. */
    public enum DropReason {
        /** The connection's real server was deleted (answered with {@link Verdict#DROP}). */
        DEST_UNAVAILABLE,
        /** No real server could be scheduled (answered with {@link Verdict#UNREACHABLE}). */
        NO_DEST_AVAILABLE,
        /** The table is at its connection limit (answered with {@link Verdict#DROP}). */
        TABLE_FULL
    }

    private final ConnectionTable table;
    private final ServiceLookup services;
    private final Stats totals;
    private final ConnectionScheduler scheduler;
    private final ConnectionControl control;
    private final long[] drops = new long[DropReason.values().length];
    private volatile Timeouts timeouts = Timeouts.DEFAULTS;
    private volatile ConnectionSysctls sysctls = ConnectionSysctls.JVS_DEFAULTS;
    /** A one-packet connection handed out by the last call, freed at the next one. */
    private int retired = -1;
    /** The master sync daemon's listener, or null when none runs. */
    private volatile SyncListener syncListener;

    /**
     * @param table    the connection table this core owns from now on
     * @param services finds the virtual service of a packet that has no connection
     * @param totals   the director-wide counters (ip_vs tot_stats)
     */
    public IpvsCore(ConnectionTable table, ServiceLookup services, Stats totals) {
        this.table = table;
        this.services = services;
        this.totals = totals;
        this.scheduler = new ConnectionScheduler(table, totals);
        this.control = new ConnectionControl(this, table);
    }

    /** The table, for the forwarder's accessors on the returned handles. Data-plane thread only. */
    public ConnectionTable connections() {
        return table;
    }

    /** The thread-safe control-plane side: listing, flushing, sync import. */
    public ConnectionControl control() {
        return control;
    }

    public Timeouts timeouts() {
        return timeouts;
    }

    /** {@code ipvsadm --set tcp tcpfin udp} (0 keeps a value); applies from each entry's next packet. */
    public void setTimeouts(int tcpSec, int tcpFinSec, int udpSec) {
        synchronized (this) {
            timeouts = timeouts.withSet(tcpSec, tcpFinSec, udpSec);
        }
    }

    /** Starts (non-null) or stops (null) telling a master sync daemon about connections. */
    public void setSyncListener(SyncListener listener) {
        this.syncListener = listener;
    }

    public ConnectionSysctls sysctls() {
        return sysctls;
    }

    public void setSysctls(ConnectionSysctls sysctls) {
        this.sysctls = sysctls;
    }

    /** Packets dropped or refused for {@code reason} since start. */
    public long drops(DropReason reason) {
        return (long) DROPS.getOpaque(drops, reason.ordinal());
    }

    /** The connection of a client's packet without touching it, or -1 (ip_vs_conn_in_get). */
    public int lookupIn(PacketKey p) {
        return table.findIn(p);
    }

    /**
     * The connections of a batch of client packets, without touching them; a forwarder that calls
     * this before {@link #in} for each packet of a batch lets the table's cache misses overlap.
     */
    public void lookupIn(PacketKey[] packets, int count, int[] handles) {
        table.findIn(packets, count, handles);
    }

    /** The connection of a real server's reply without touching it, or -1 (ip_vs_conn_out_get). */
    public int lookupOut(PacketKey p) {
        return table.findOut(p);
    }

    /**
     * ip_vs_in: a packet from a client to a virtual address. Finds or schedules its connection,
     * counts it, advances the connection's state and re-arms its timer. Returns the handle to
     * forward with, or {@link Verdict#PASS}, {@link Verdict#DROP} or {@link Verdict#UNREACHABLE}.
     * A one-packet connection's handle stays readable until the next call into this core.
     *
     * @param tcpFlags the TCP header flags ({@link TcpStateTable#SYN} etc.), ignored for UDP/SCTP
     * @param ipLength the IP packet length in bytes, for the byte counters
     */
    public int in(PacketKey p, int tcpFlags, int ipLength) {
        releaseRetired();
        Protocol protocol = p.protocol;
        if (protocol == Protocol.IP) {
            return Verdict.PASS;
        }
        long nowNs = p.nowNs;
        ConnectionSysctls settings = sysctls;
        int h = table.findIn(p);
        if (h >= 0 && protocol == Protocol.TCP && (tcpFlags & TcpStateTable.SYN) != 0 && table.control(h) < 0
                && reschedulesNewSyn(h, settings)) {
            // conn_reuse_mode: the old entry goes (unless it still controls others) and the SYN
            // opens a new connection, possibly to another real server.
            if (table.controlledCount(h) == 0) {
                table.expireNow(h, nowNs);
            }
            h = -1;
        }
        if (h >= 0) {
            RealServer dest = table.dest(h);
            if (dest != null && !dest.available()) {
                if (!settings.expireNodestConn()) {
                    count(DropReason.DEST_UNAVAILABLE);
                    return Verdict.DROP;
                }
                // expire_nodest_conn: the entry goes now and the packet may start a new connection.
                table.expireNow(h, nowNs);
                h = -1;
            }
        }
        if (h < 0) {
            h = schedule(p, tcpFlags, settings);
            if (h < 0) {
                return h;
            }
        }
        countIn(h, ipLength);
        int stateBefore = table.state(h);
        table.transition(h, TcpStateTable.INPUT, tcpFlags, timeouts);
        if ((table.flags(h) & ConnFlags.ONE_PACKET) != 0) {
            table.retire(h);
            retired = h;
        } else {
            table.countInPacket(h);
            table.touch(h, nowNs);
            SyncListener sync = syncListener;
            if (sync != null) {
                sync.seen(table, h, table.state(h) != stateBefore);
            }
        }
        return h;
    }

    /**
     * ip_vs_out: a packet from a real server (src) to a client (dst). Returns the handle of its
     * NAT connection, counted and advanced in the OUTPUT direction, or {@link Verdict#PASS} when it
     * belongs to no NAT connection.
     */
    public int out(PacketKey p, int tcpFlags, int ipLength) {
        releaseRetired();
        int h = table.findOut(p);
        if (h < 0 || table.method(h) != ForwardingMethod.MASQ) {
            return Verdict.PASS;
        }
        RealServer dest = table.dest(h);
        if (dest != null && dest.available()) {
            dest.stats().addOut(ipLength);
            dest.service().stats().addOut(ipLength);
            totals.addOut(ipLength);
        }
        table.transition(h, TcpStateTable.OUTPUT, tcpFlags, timeouts);
        table.touch(h, p.nowNs);
        return h;
    }

    /** Expires every connection whose time has come. Data-plane thread. */
    public void expire(long nowNs) {
        releaseRetired();
        table.expire(nowNs);
    }

    /**
     * Runs queued control-plane commands for at most about {@code budget} entries, so a listing of
     * millions of entries does not stall packets. Data-plane thread; returns whether work remains.
     */
    public boolean runControl(long nowNs, int budget) {
        releaseRetired();
        return control.run(nowNs, budget);
    }

    private int schedule(PacketKey p, int tcpFlags, ConnectionSysctls settings) {
        if (p.protocol == Protocol.TCP
                && ((tcpFlags & TcpStateTable.RST) != 0
                || (!settings.sloppyTcp() && (tcpFlags & TcpStateTable.SYN) == 0))) {
            return Verdict.PASS;
        }
        VirtualService svc = services.find(p);
        if (svc == null) {
            return Verdict.PASS;
        }
        int h = scheduler.schedule(svc, p, settings);
        if (h == Verdict.UNREACHABLE) {
            count(DropReason.NO_DEST_AVAILABLE);
        } else if (h == Verdict.DROP) {
            count(DropReason.TABLE_FULL);
        }
        return h;
    }

    /**
     * Whether a SYN that hits {@code h} must open a new connection instead: the real server is
     * quiesced and expire_nodest_conn is on, or (conn_reuse_mode) the old connection is closing.
     */
    private boolean reschedulesNewSyn(int h, ConnectionSysctls settings) {
        RealServer dest = table.dest(h);
        if (settings.expireNodestConn() && dest != null && dest.weight() == 0) {
            return true;
        }
        int mode = settings.connReuseMode();
        if (mode == 0) {
            return false;
        }
        int state = table.state(h);
        return state == TcpState.TIME_WAIT.code() || state == TcpState.CLOSE.code()
                || ((mode & 2) != 0 && state == TcpState.FIN_WAIT.code()
                && (table.flags(h) & ConnFlags.NOOUTPUT) != 0);
    }

    /** ip_vs_in_stats: counted only while the real server is in the table. */
    private void countIn(int h, int ipLength) {
        RealServer dest = table.dest(h);
        if (dest != null && dest.available()) {
            dest.stats().addIn(ipLength);
            dest.service().stats().addIn(ipLength);
            totals.addIn(ipLength);
        }
    }

    private void releaseRetired() {
        if (retired >= 0) {
            table.releaseRetired(retired);
            retired = -1;
        }
    }

    private void count(DropReason reason) {
        DROPS.setOpaque(drops, reason.ordinal(), (long) DROPS.getOpaque(drops, reason.ordinal()) + 1);
    }
}
