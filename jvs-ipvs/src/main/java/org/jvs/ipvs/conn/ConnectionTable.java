package org.jvs.ipvs.conn;

import static org.jvs.ipvs.conn.ConnectionStore.F_CADDR;
import static org.jvs.ipvs.conn.ConnectionStore.F_CONTROL;
import static org.jvs.ipvs.conn.ConnectionStore.F_DADDR;
import static org.jvs.ipvs.conn.ConnectionStore.F_DEST;
import static org.jvs.ipvs.conn.ConnectionStore.F_DPORT_PROTO_STATE;
import static org.jvs.ipvs.conn.ConnectionStore.F_FLAGS;
import static org.jvs.ipvs.conn.ConnectionStore.F_FWMARK;
import static org.jvs.ipvs.conn.ConnectionStore.F_HNEXT;
import static org.jvs.ipvs.conn.ConnectionStore.F_INPKTS;
import static org.jvs.ipvs.conn.ConnectionStore.F_NCONTROL;
import static org.jvs.ipvs.conn.ConnectionStore.F_PORTS;
import static org.jvs.ipvs.conn.ConnectionStore.F_TIMEOUT;
import static org.jvs.ipvs.conn.ConnectionStore.F_VADDR;
import static org.jvs.ipvs.conn.ConnectionStore.F_WSLOT;

import java.security.SecureRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;

/**
 * The IPVS connection table (ip_vs_conn.c): every tracked connection and persistence template,
 * found in O(1) from a client's packet or from a real server's NAT reply, expired by a timer wheel
 * driven by the {@code nowNs} passed in, and bound to its real server's ActiveConn / InActConn /
 * PersistConn counters exactly as the kernel binds and unbinds them.
 *
 * <p>Entries are addressed by int handles, valid from creation until the entry expires; no
 * per-entry objects exist, lookups and per-packet updates do not allocate, and an IPv4 entry
 * costs 72 bytes plus about 4-8 bytes of index (see {@code ConnectionStore}).
 *
 * <p>Thread-safety: none. The table is owned by one data-plane thread; other threads reach it only
 * through {@link ConnectionControl}, whose commands that thread runs between packets.
 */
public final class ConnectionTable {
    /** The kernel's default CONFIG_IP_VS_TAB_BITS: {@code (size=4096)}. */
    public static final int DEFAULT_TAB_BITS = 12;
    /** Default limit on live entries. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1 << 24;
    /** Timeout of a new entry until its first state transition (ip_vs_conn_new). */
    static final int INITIAL_TIMEOUT_SEC = 3;
    /** A timed-out entry that still controls connections is looked at again this much later. */
    static final int EXPIRE_LATER_SEC = 60;
    /** Timeout of a synced template that arrived without one (ip_vs_proc_conn). */
    static final int SYNC_TEMPLATE_TIMEOUT_SEC = 180;
    /** sync_threshold's default first value: the in-packet count given to a synced entry. */
    static final int SYNC_THRESHOLD = 3;
    static final long NS_PER_SEC = 1_000_000_000L;

    private static final int FIND_IN = 0;
    private static final int FIND_TEMPLATE = 1;
    private static final int FIND_OUT = 2;
    private static final ForwardingMethod[] METHODS = new ForwardingMethod[8];

    static {
        for (ForwardingMethod m : ForwardingMethod.values()) {
            METHODS[m.connFlag()] = m;
        }
    }

    private final int tabBits;
    private final ConnectionStore store;
    private final ConnectionIndex index;
    private final ExpiryWheel wheel;
    private final DestRegistry dests = new DestRegistry();
    private final ExpiryWheel.Expirer onTimer = this::timerFired;
    private int count;
    /** Keeps the batch lookup's touching pass from being optimised away. */
    private int batchSink;

    /** A table with the kernel's default size report, {@link #DEFAULT_MAX_CONNECTIONS} and a random hash seed. */
    public ConnectionTable() {
        this(DEFAULT_TAB_BITS, DEFAULT_MAX_CONNECTIONS, new SecureRandom().nextLong());
    }

    /**
     * @param tabBits        conn_tab_bits, 8..27: the reported {@code (size=2^bits)} and the initial
     *                       number of index buckets (the index grows beyond it with the load)
     * @param maxConnections entries beyond this are refused (the packet is dropped)
     * @param hashSeed       keys the index hash; use a random value in production
     */
    public ConnectionTable(int tabBits, int maxConnections, long hashSeed) {
        if (tabBits < 8 || tabBits > 27) {
            throw new IllegalArgumentException("conn_tab_bits must be 8..27: " + tabBits);
        }
        this.tabBits = tabBits;
        this.store = new ConnectionStore(maxConnections);
        this.index = new ConnectionIndex(store, tabBits, hashSeed);
        this.wheel = new ExpiryWheel(store);
    }

    /** The {@code (size=N)} of {@code ipvsadm -L}: 2^conn_tab_bits. */
    public int hashSize() {
        return 1 << tabBits;
    }

    /** Live entries, templates included. */
    public int size() {
        return count;
    }

    /** Index buckets now in use (at least {@link #hashSize()}). */
    public int indexBuckets() {
        return index.buckets();
    }

    // ---- lookups: no allocation ------------------------------------------------------------

    /** The connection of a client's packet ({@code <proto, src, sport, dst, dport>}), or -1. */
    public int findIn(PacketKey p) {
        return find(FIND_IN, p.family == AddressFamily.INET6, p.protocol.number(),
                p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort);
    }

    /** The connection a real server's reply belongs to (src = real server, dst = client), or -1. */
    public int findOut(PacketKey p) {
        return find(FIND_OUT, p.family == AddressFamily.INET6, p.protocol.number(),
                p.dstHi, p.dstLo, p.dstPort, p.srcHi, p.srcLo, p.srcPort);
    }

    /** The persistence template {@code <proto, client net, 0, vaddr, vport>}, or -1. */
    int findTemplate(boolean v6, int protocol, long netHi, long netLo, long vHi, long vLo, int vport) {
        return find(FIND_TEMPLATE, v6, protocol, netHi, netLo, 0, vHi, vLo, vport);
    }

    /**
     * The connections of a batch of client packets: the same as {@link #findIn(PacketKey)} for
     * each, but all index buckets are read before any entry, so the cache misses of different
     * packets overlap instead of queueing (on a table far larger than the caches this is several
     * times faster per packet, and the entries are then cached for the packets' processing).
     */
    public void findIn(PacketKey[] packets, int count, int[] handles) {
        for (int i = 0; i < count; i++) {
            PacketKey p = packets[i];
            handles[i] = index.head(index.hash(p.protocol.number(), fold(p.family == AddressFamily.INET6, p.srcHi, p.srcLo),
                    p.srcPort));
        }
        // Touch every first entry before comparing any, so these misses overlap too.
        int touched = 0;
        for (int i = 0; i < count; i++) {
            int h = handles[i];
            if (h >= 0) {
                touched += store.page(h)[ConnectionStore.offset(h) + F_PORTS];
            }
        }
        batchSink = touched;
        for (int i = 0; i < count; i++) {
            PacketKey p = packets[i];
            handles[i] = walk(handles[i], FIND_IN, p.family == AddressFamily.INET6, p.protocol.number(),
                    p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort);
        }
    }

    private int find(int mode, boolean v6, int protocol, long cHi, long cLo, int cport,
                     long oHi, long oLo, int oport) {
        int head = index.head(index.hash(protocol, fold(v6, cHi, cLo), cport));
        return walk(head, mode, v6, protocol, cHi, cLo, cport, oHi, oLo, oport);
    }

    private static int fold(boolean v6, long hi, long lo) {
        return v6 ? ConnectionIndex.fold(hi, lo) : (int) lo;
    }

    /** Follows a hash chain from {@code h} to the entry matching the key, or -1. */
    private int walk(int h, int mode, boolean v6, int protocol, long cHi, long cLo, int cport,
                     long oHi, long oLo, int oport) {
        int want = (mode == FIND_TEMPLATE ? ConnFlags.TEMPLATE : 0) | (v6 ? ConnFlags.AF_INET6 : 0);
        int ports = (cport << 16) | oport;
        while (h >= 0) {
            int[] p = store.page(h);
            int o = ConnectionStore.offset(h);
            int flags = p[o + F_FLAGS];
            int dps = p[o + F_DPORT_PROTO_STATE];
            if ((flags & (ConnFlags.TEMPLATE | ConnFlags.AF_INET6)) == want && ((dps >>> 8) & 0xFF) == protocol) {
                if (mode == FIND_OUT) {
                    if ((p[o + F_PORTS] >>> 16) == cport && (dps >>> 16) == oport
                            && addressIs(p, o, flags, F_CADDR, 0, cHi, cLo)
                            && addressIs(p, o, flags, F_DADDR, 4, oHi, oLo)) {
                        return h;
                    }
                } else if (p[o + F_PORTS] == ports
                        && addressIs(p, o, flags, F_CADDR, 0, cHi, cLo)
                        && addressIs(p, o, flags, F_VADDR, 2, oHi, oLo)) {
                    return h;
                }
            }
            h = p[o + F_HNEXT];
        }
        return -1;
    }

    private boolean addressIs(int[] p, int o, int flags, int field, int wideWord, long hi, long lo) {
        if ((flags & ConnFlags.WIDE) == 0) {
            return p[o + field] == (int) lo;
        }
        int w = p[o + F_CADDR];
        return store.wide(w, wideWord) == hi && store.wide(w, wideWord + 1) == lo;
    }

    // ---- creation and removal ------------------------------------------------------------------

    /**
     * ip_vs_conn_new: a new entry in state NONE with the 3 s initial timeout, bound to {@code dest}
     * (which may be null) and hashed unless it is a one-packet connection. Addresses as in
     * {@link IpAddress} (IPv4 in the low 32 bits of lo). Returns the handle, or -1 when full.
     */
    int create(boolean v6, int protocol, long cHi, long cLo, int cport, long vHi, long vLo, int vport,
               boolean destV6, long dHi, long dLo, int dport, int flags, RealServer dest, int fwmark, long nowNs) {
        int h = store.allocate();
        if (h < 0) {
            return -1;
        }
        int f = flags & ConnFlags.KERNEL_MASK & ~ConnFlags.HASHED;
        f |= (v6 ? ConnFlags.AF_INET6 : 0) | (destV6 ? ConnFlags.DEST_INET6 : 0);
        int[] p = store.page(h);
        int o = ConnectionStore.offset(h);
        if (v6 || destV6) {
            int w = store.allocateWide();
            store.setWide(w, 0, cHi);
            store.setWide(w, 1, cLo);
            store.setWide(w, 2, vHi);
            store.setWide(w, 3, vLo);
            store.setWide(w, 4, dHi);
            store.setWide(w, 5, dLo);
            p[o + F_CADDR] = w;
            p[o + F_VADDR] = 0;
            p[o + F_DADDR] = 0;
            f |= ConnFlags.WIDE;
        } else {
            p[o + F_CADDR] = (int) cLo;
            p[o + F_VADDR] = (int) vLo;
            p[o + F_DADDR] = (int) dLo;
        }
        p[o + F_PORTS] = (cport << 16) | vport;
        p[o + F_DPORT_PROTO_STATE] = (dport << 16) | (protocol << 8);
        p[o + F_FLAGS] = f;
        p[o + F_DEST] = -1;
        p[o + F_CONTROL] = -1;
        p[o + F_NCONTROL] = 0;
        p[o + F_INPKTS] = 0;
        p[o + F_TIMEOUT] = INITIAL_TIMEOUT_SEC;
        p[o + F_WSLOT] = -1;
        p[o + F_FWMARK] = fwmark;
        store.setExpiresAt(h, nowNs + INITIAL_TIMEOUT_SEC * NS_PER_SEC);
        bindDest(h, dest);
        if ((f & ConnFlags.ONE_PACKET) == 0) {
            index.insert(h);
            store.set(h, F_FLAGS, store.get(h, F_FLAGS) | ConnFlags.HASHED);
            wheel.schedule(h, nowNs);
        }
        count++;
        return h;
    }

    /** ip_vs_bind_dest: flags from the real server and one more count in its Active/InAct/Persist column. */
    private void bindDest(int h, RealServer dest) {
        if (dest == null) {
            return;
        }
        ForwardingMethod method = dest.method();
        int destFlags = method.connFlag() | ConnFlags.INACTIVE
                | (method == ForwardingMethod.MASQ ? 0 : ConnFlags.NOOUTPUT);
        int f = store.get(h, F_FLAGS);
        if ((f & ConnFlags.SYNC) != 0) {
            // A synced connection keeps the activity it had on the master.
            if ((f & ConnFlags.TEMPLATE) == 0) {
                destFlags &= ~ConnFlags.INACTIVE;
            }
            f &= ~(ConnFlags.FWD_MASK | ConnFlags.NOOUTPUT);
        }
        f |= destFlags;
        store.set(h, F_FLAGS, f);
        store.set(h, F_DEST, dests.acquire(dest));
        dest.bind((f & ConnFlags.TEMPLATE) != 0, (f & ConnFlags.INACTIVE) != 0);
    }

    private void unbindDest(int h) {
        int id = store.get(h, F_DEST);
        if (id < 0) {
            return;
        }
        int f = store.get(h, F_FLAGS);
        dests.get(id).unbind((f & ConnFlags.TEMPLATE) != 0, (f & ConnFlags.INACTIVE) != 0);
        dests.release(id);
        store.set(h, F_DEST, -1);
    }

    /**
     * The entry's timer fired (ip_vs_conn_expire): an entry that still controls connections lives
     * {@value #EXPIRE_LATER_SEC} s more; any other is unlinked, unbound and freed. With
     * {@code dropControl} (a forced delete) its template goes too when nothing else uses it and it
     * was never assured. Returns whether the entry was freed.
     */
    boolean expire(int h, long nowNs, boolean dropControl) {
        if (store.get(h, F_NCONTROL) > 0) {
            store.set(h, F_TIMEOUT, EXPIRE_LATER_SEC);
            store.setExpiresAt(h, nowNs + EXPIRE_LATER_SEC * NS_PER_SEC);
            if (wheel.isFiled(h)) {
                wheel.reschedule(h);
            } else {
                wheel.schedule(h, nowNs);
            }
            return false;
        }
        free(h, dropControl, nowNs);
        return true;
    }

    private void free(int h, boolean dropControl, long nowNs) {
        int f = store.get(h, F_FLAGS);
        if ((f & ConnFlags.HASHED) != 0) {
            index.remove(h);
        }
        wheel.unlink(h);
        int ct = store.get(h, F_CONTROL);
        if (ct >= 0) {
            int left = store.get(ct, F_NCONTROL) - 1;
            store.set(ct, F_NCONTROL, left);
            if (dropControl && left == 0
                    && ((store.get(ct, F_FLAGS) & ConnFlags.TEMPLATE) == 0 || !isAssured(ct))) {
                expire(ct, nowNs, true);
            }
        }
        unbindDest(h);
        if ((f & ConnFlags.WIDE) != 0) {
            store.releaseWide(store.get(h, F_CADDR));
        }
        store.release(h);
        count--;
    }

    /**
     * A timer fires at its deadline, not when {@link #expire(long)} happens to run, so a template's
     * expire_later steps do not depend on how often the data plane calls it.
     */
    private void timerFired(int h, long nowNs) {
        expire(h, store.expiresAt(h), false);
    }

    /** Runs the timers up to {@code nowNs}: expires every entry whose time has come. */
    public void expire(long nowNs) {
        wheel.advance(nowNs, onTimer);
    }

    /** ip_vs_conn_expire_now: the entry's timer fires at once. */
    void expireNow(int h, long nowNs) {
        expire(h, nowNs, false);
    }

    /**
     * ip_vs_conn_put: re-arms the entry's timer to {@code nowNs} plus its timeout. Pushing the
     * deadline later costs one store; only an earlier deadline moves the entry in the wheel.
     */
    void touch(int h, long nowNs) {
        long deadline = nowNs + store.get(h, F_TIMEOUT) * NS_PER_SEC;
        long old = store.expiresAt(h);
        store.setExpiresAt(h, deadline);
        if (deadline < old && wheel.isFiled(h)) {
            wheel.reschedule(h);
        }
    }

    /**
     * Accounts a one-packet connection away right after its packet (ip_vs_conn_put of an OPS
     * entry): its real server's count and its template's control count drop at once, but its
     * fields, real server included, stay readable until {@link #releaseRetired} so the forwarder
     * can still rewrite and send the packet.
     */
    void retire(int h) {
        int ct = store.get(h, F_CONTROL);
        if (ct >= 0) {
            store.set(ct, F_NCONTROL, store.get(ct, F_NCONTROL) - 1);
            store.set(h, F_CONTROL, -1);
        }
        int id = store.get(h, F_DEST);
        if (id >= 0) {
            int f = store.get(h, F_FLAGS);
            dests.get(id).unbind(false, (f & ConnFlags.INACTIVE) != 0);
        }
    }

    /** Frees a {@link #retire}d one-packet connection. */
    void releaseRetired(int h) {
        int id = store.get(h, F_DEST);
        if (id >= 0) {
            dests.release(id);
            store.set(h, F_DEST, -1);
        }
        free(h, false, 0);
    }

    // ---- per-packet state ----------------------------------------------------------------------

    /**
     * set_tcp_state / udp_state_transition: moves the entry by one packet seen in
     * {@code direction} ({@link TcpStateTable#INPUT} or {@link TcpStateTable#OUTPUT}), moves its
     * real server's count between ActiveConn and InActConn, assures its template, and takes the
     * timeout of the (new) state from {@code timeouts}. SCTP, whose chunk types the forwarder does
     * not report, is kept in one ESTABLISHED state (active) with the SCTP timeout.
     */
    void transition(int h, int direction, int tcpFlags, Timeouts timeouts) {
        int[] p = store.page(h);
        int o = ConnectionStore.offset(h);
        int dps = p[o + F_DPORT_PROTO_STATE];
        int protocol = (dps >>> 8) & 0xFF;
        if (protocol == Protocol.UDP.number()) {
            p[o + F_TIMEOUT] = timeouts.udp();
            if (direction == TcpStateTable.OUTPUT) {
                assureControl(h);
            }
            return;
        }
        int flags = p[o + F_FLAGS];
        int table = direction;
        if ((flags & ConnFlags.NOOUTPUT) != 0) {
            if (direction == TcpStateTable.OUTPUT) {
                flags &= ~ConnFlags.NOOUTPUT;
            } else {
                table = TcpStateTable.INPUT_ONLY;
            }
        }
        int old = dps & 0xFF;
        int next = protocol == Protocol.TCP.number()
                ? TcpStateTable.next(table, tcpFlags, old) : TcpState.ESTABLISHED.code();
        if (next != old) {
            int destId = p[o + F_DEST];
            if (destId >= 0) {
                boolean active = TcpState.isActive(next);
                if ((flags & ConnFlags.INACTIVE) == 0 && !active) {
                    dests.get(destId).moveToInactive();
                    flags |= ConnFlags.INACTIVE;
                } else if ((flags & ConnFlags.INACTIVE) != 0 && active) {
                    dests.get(destId).moveToActive();
                    flags &= ~ConnFlags.INACTIVE;
                }
            }
            p[o + F_DPORT_PROTO_STATE] = (dps & ~0xFF) | next;
            if (next == TcpState.ESTABLISHED.code()) {
                assureControl(h);
            }
        }
        p[o + F_FLAGS] = flags;
        p[o + F_TIMEOUT] = protocol == Protocol.TCP.number() ? timeouts.tcpByCode(next) : timeouts.sctp();
    }

    /** ip_vs_control_assure_ct: the entry's template becomes ASSURED. */
    private void assureControl(int h) {
        int ct = store.get(h, F_CONTROL);
        if (ct >= 0 && (store.get(ct, F_FLAGS) & ConnFlags.TEMPLATE) != 0) {
            int dps = store.get(ct, F_DPORT_PROTO_STATE);
            store.set(ct, F_DPORT_PROTO_STATE, dps | ConnectionRecord.TEMPLATE_ASSURED);
        }
    }

    private boolean isAssured(int h) {
        return (store.get(h, F_DPORT_PROTO_STATE) & ConnectionRecord.TEMPLATE_ASSURED) != 0;
    }

    /** Counts one more client packet; returns the new count (sync decides on it). */
    int countInPacket(int h) {
        int n = store.get(h, F_INPKTS) + 1;
        store.set(h, F_INPKTS, n);
        return n;
    }

    // ---- templates -----------------------------------------------------------------------------

    /** ip_vs_control_add: {@code template} now controls {@code h}. */
    void addControl(int h, int template) {
        store.set(h, F_CONTROL, template);
        store.set(template, F_NCONTROL, store.get(template, F_NCONTROL) + 1);
    }

    void setTimeoutSec(int h, int seconds) {
        store.set(h, F_TIMEOUT, seconds);
    }

    /**
     * ip_vs_check_template's invalidation: the template is rehashed with ports 65535 so it never
     * matches again; it lives on (and keeps its PersistConn count) until it expires.
     */
    void invalidateTemplate(int h) {
        if (virtualPort(h) == 0xFFFF) {
            return;
        }
        index.remove(h);
        store.set(h, F_PORTS, 0xFFFF);
        int dps = store.get(h, F_DPORT_PROTO_STATE);
        store.set(h, F_DPORT_PROTO_STATE, (0xFFFF << 16) | (dps & 0xFFFF));
        index.insert(h);
    }

    // ---- accessors for the forwarder: no allocation ----------------------------------------------

    public int protocol(int h) {
        return (store.get(h, F_DPORT_PROTO_STATE) >>> 8) & 0xFF;
    }

    /** The protocol's state code: {@link TcpState#code()} for TCP, 0 for UDP, assured bit for templates. */
    public int state(int h) {
        return store.get(h, F_DPORT_PROTO_STATE) & 0xFF;
    }

    /** IP_VS_CONN_F_* bits ({@link ConnFlags}); jvs-private bits above bit 27 may be set. */
    public int flags(int h) {
        return store.get(h, F_FLAGS);
    }

    public ForwardingMethod method(int h) {
        return METHODS[store.get(h, F_FLAGS) & ConnFlags.FWD_MASK];
    }

    public boolean isTemplate(int h) {
        return (store.get(h, F_FLAGS) & ConnFlags.TEMPLATE) != 0;
    }

    /** Whether client and virtual addresses are IPv6 (read them with the hi/lo accessors). */
    public boolean isV6(int h) {
        return (store.get(h, F_FLAGS) & ConnFlags.AF_INET6) != 0;
    }

    /** Whether the real server's address is IPv6 (may differ from {@link #isV6} for tunnels). */
    public boolean destIsV6(int h) {
        return (store.get(h, F_FLAGS) & ConnFlags.DEST_INET6) != 0;
    }

    public long clientHi(int h) {
        return addressWord(h, F_CADDR, 0);
    }

    public long clientLo(int h) {
        return addressWord(h, F_CADDR, 1);
    }

    public long virtualHi(int h) {
        return addressWord(h, F_VADDR, 2);
    }

    public long virtualLo(int h) {
        return addressWord(h, F_VADDR, 3);
    }

    public long destHi(int h) {
        return addressWord(h, F_DADDR, 4);
    }

    public long destLo(int h) {
        return addressWord(h, F_DADDR, 5);
    }

    private long addressWord(int h, int field, int wideWord) {
        int[] p = store.page(h);
        int o = ConnectionStore.offset(h);
        if ((p[o + F_FLAGS] & ConnFlags.WIDE) != 0) {
            return store.wide(p[o + F_CADDR], wideWord);
        }
        return (wideWord & 1) == 0 ? 0 : p[o + field] & 0xFFFF_FFFFL;
    }

    public int clientPort(int h) {
        return store.get(h, F_PORTS) >>> 16;
    }

    public int virtualPort(int h) {
        return store.get(h, F_PORTS) & 0xFFFF;
    }

    public int destPort(int h) {
        return store.get(h, F_DPORT_PROTO_STATE) >>> 16;
    }

    /** The real server, or null for an entry synced without one. */
    public RealServer dest(int h) {
        int id = store.get(h, F_DEST);
        return id < 0 ? null : dests.get(id);
    }

    /** Handle of the controlling template, or -1. */
    public int control(int h) {
        return store.get(h, F_CONTROL);
    }

    /** How many connections this entry (a template) controls. */
    public int controlledCount(int h) {
        return store.get(h, F_NCONTROL);
    }

    public int timeoutSec(int h) {
        return store.get(h, F_TIMEOUT);
    }

    /** Monotonic time at which the entry expires, in ns. */
    public long expiresAtNs(int h) {
        return store.expiresAt(h);
    }

    public int inPackets(int h) {
        return store.get(h, F_INPKTS);
    }

    public int fwmark(int h) {
        return store.get(h, F_FWMARK);
    }

    // ---- control plane: listing, flushing, sync ------------------------------------------------

    /** Upper bound of handles for range walks ({@link #visit}, {@link #flush}). */
    int handleBound() {
        return store.highWater();
    }

    /** Whether {@code h} is a live entry visible in listings (not free, not a one-packet connection). */
    private boolean listed(int h) {
        return (store.get(h, F_FLAGS) & (ConnFlags.FREE | ConnFlags.HASHED)) == ConnFlags.HASHED;
    }

    /** Hands every listed entry with a handle in [from, to) to {@code visitor}; allocates records. */
    void visit(int from, int to, long nowNs, Consumer<ConnectionRecord> visitor) {
        for (int h = from; h < to; h++) {
            if (listed(h)) {
                visitor.accept(record(h, nowNs));
            }
        }
    }

    /** Every entry {@code ipvsadm -Lnc} would list, templates included, on the owner thread. */
    public void forEach(long nowNs, Consumer<ConnectionRecord> visitor) {
        visit(0, handleBound(), nowNs, visitor);
    }

    /** The entry as a value (for listings and the sync daemon). */
    public ConnectionRecord record(int h, long nowNs) {
        int f = store.get(h, F_FLAGS);
        AddressFamily af = (f & ConnFlags.AF_INET6) != 0 ? AddressFamily.INET6 : AddressFamily.INET;
        AddressFamily daf = (f & ConnFlags.DEST_INET6) != 0 ? AddressFamily.INET6 : AddressFamily.INET;
        long left = Math.max(0, store.expiresAt(h) - nowNs) / 1_000_000L;
        return new ConnectionRecord(Protocol.ofNumber(protocol(h)),
                new IpAddress(af, clientHi(h), clientLo(h)), clientPort(h),
                new IpAddress(af, virtualHi(h), virtualLo(h)), virtualPort(h),
                new IpAddress(daf, destHi(h), destLo(h)), destPort(h),
                f & ConnFlags.KERNEL_MASK, state(h), timeoutSec(h), left, fwmark(h), inPackets(h), "", "");
    }

    /**
     * Deletes the entries with a handle in [from, to) whose real server matches, as
     * ip_vs_expire_nodest_conn_flush does: entries that still control others stay, and a template
     * goes with its last controlled connection. Returns how many entries were freed.
     */
    int flush(int from, int to, Predicate<RealServer> which, long nowNs) {
        int freed = 0;
        for (int h = from; h < to; h++) {
            if (!listed(h) || store.get(h, F_NCONTROL) > 0) {
                continue;
            }
            RealServer d = dest(h);
            if (d == null || !which.test(d)) {
                continue;
            }
            int ct = store.get(h, F_CONTROL);
            int before = count;
            expire(h, nowNs, true);
            if (ct >= 0 && !store.isFree(ct) && store.get(ct, F_NCONTROL) == 0) {
                expire(ct, nowNs, true);
            }
            freed += before - count;
        }
        return freed;
    }

    /**
     * ip_vs_proc_conn: creates or updates the entry a sync message describes, bound to
     * {@code dest} (found by the caller from the record's service and real-server address; null
     * when the backup does not have it). Returns the handle, or -1 when the table is full.
     */
    public int importRecord(ConnectionRecord r, RealServer dest, Timeouts timeouts, long nowNs) {
        boolean v6 = r.client().family() == AddressFamily.INET6;
        boolean template = r.isTemplate();
        int flags = (r.flags() & ConnFlags.BACKUP_MASK) | ConnFlags.SYNC;
        int protocol = r.protocol().number();
        IpAddress c = r.client();
        IpAddress v = r.virtualAddress();
        int h = find(template ? FIND_TEMPLATE : FIND_IN, v6, protocol, c.hi(), c.lo(), r.clientPort(),
                v.hi(), v.lo(), r.virtualPort());
        if (h >= 0) {
            int f = store.get(h, F_FLAGS);
            RealServer bound = dest(h);
            if (((f ^ flags) & ConnFlags.INACTIVE) != 0 && !template && bound != null) {
                if ((flags & ConnFlags.INACTIVE) != 0) {
                    bound.moveToInactive();
                } else {
                    bound.moveToActive();
                }
            }
            store.set(h, F_FLAGS, (flags & ConnFlags.BACKUP_UPD_MASK) | (f & ~ConnFlags.BACKUP_UPD_MASK));
            if (bound == null) {
                bindDest(h, dest);
            }
        } else {
            IpAddress d = r.dest();
            h = create(v6, protocol, c.hi(), c.lo(), r.clientPort(), v.hi(), v.lo(), r.virtualPort(),
                    d.family() == AddressFamily.INET6, d.hi(), d.lo(), r.destPort(), flags, dest, r.fwmark(), nowNs);
            if (h < 0) {
                return -1;
            }
        }
        store.set(h, F_INPKTS, SYNC_THRESHOLD);
        int dps = store.get(h, F_DPORT_PROTO_STATE);
        store.set(h, F_DPORT_PROTO_STATE, (dps & ~0xFF) | (r.state() & 0xFF));
        int timeout = r.timeoutSec();
        if (timeout == 0) {
            timeout = template ? SYNC_TEMPLATE_TIMEOUT_SEC : stateTimeout(protocol, r.state(), timeouts);
        }
        store.set(h, F_TIMEOUT, timeout);
        touch(h, nowNs);
        return h;
    }

    private static int stateTimeout(int protocol, int state, Timeouts timeouts) {
        if (protocol == Protocol.TCP.number()) {
            return timeouts.tcpByCode(state);
        }
        return protocol == Protocol.UDP.number() ? timeouts.udp() : timeouts.sctp();
    }
}
