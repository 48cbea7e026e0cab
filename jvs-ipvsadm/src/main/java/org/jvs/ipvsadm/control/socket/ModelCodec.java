package org.jvs.ipvsadm.control.socket;

import java.util.ArrayList;
import java.util.List;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.TunnelConfig;
import org.jvs.ipvs.service.TunnelType;
import org.jvs.ipvs.stats.StatsSnapshot;
import org.jvs.ipvsadm.control.ConnectionEntry;
import org.jvs.ipvsadm.control.DaemonState;
import org.jvs.ipvsadm.control.DestEntry;
import org.jvs.ipvsadm.control.ServiceEntry;
import org.jvs.ipvsadm.control.SyncDaemonConfig;

/**
 * Wire form of the table's model records (addresses, service keys, services, real servers,
 * counters, sync daemons, connections), as {@link ControlProtocol} lays them out. Stateless.
 */
final class ModelCodec {
    private static final int MIN_SERVICE_ENTRY_BYTES = 100;
    private static final int MIN_DEST_ENTRY_BYTES = 100;
    private static final int MIN_CONNECTION_BYTES = 25;
    private static final int MIN_DAEMON_BYTES = 10;

    private ModelCodec() {
    }

    static void address(WireWriter w, IpAddress a) throws ControlProtocolException {
        w.u8(a.family().linuxValue());
        w.bytes(a.toBytes());
    }

    static IpAddress address(WireReader r) throws ControlProtocolException {
        return addressBytes(r, family(r.u8()));
    }

    static void key(WireWriter w, ServiceKey k) throws ControlProtocolException {
        w.u8(k.family().linuxValue());
        w.u8(k.protocol().number());
        w.bytes(k.address().toBytes());
        w.u16(k.port());
        w.i32(k.fwmark());
    }

    static ServiceKey key(WireReader r) throws ControlProtocolException {
        AddressFamily family = family(r.u8());
        int number = r.u8();
        Protocol protocol = Protocol.ofNumber(number);
        if (protocol == null) {
            throw new ControlProtocolException("unknown protocol " + number);
        }
        IpAddress address = addressBytes(r, family);
        int port = r.u16();
        int fwmark = r.i32();
        return new ServiceKey(family, protocol, address, port, fwmark);
    }

    static void service(WireWriter w, ServiceConfig s) throws ControlProtocolException {
        key(w, s.key());
        w.str8(s.scheduler(), ControlProtocol.MAX_SCHED_NAME, "scheduler");
        w.i32(s.flags());
        w.i32(s.timeoutSec());
        w.i32(s.netmask());
        w.str8(s.peName(), ControlProtocol.MAX_PE_NAME, "persistence engine");
    }

    static ServiceConfig service(WireReader r) throws ControlProtocolException {
        ServiceKey key = key(r);
        String scheduler = r.str8(ControlProtocol.MAX_SCHED_NAME, "scheduler");
        int flags = r.i32();
        int timeout = r.i32();
        int netmask = r.i32();
        String pe = r.str8(ControlProtocol.MAX_PE_NAME, "persistence engine");
        return new ServiceConfig(key, scheduler, flags, timeout, netmask, pe);
    }

    static void dest(WireWriter w, DestConfig d) throws ControlProtocolException {
        address(w, d.address());
        w.u16(d.port());
        w.u8(d.method().connFlag());
        w.i32(d.weight());
        w.i32(d.upperThreshold());
        w.i32(d.lowerThreshold());
        w.u8(d.tunnel().type().kernelValue());
        w.u16(d.tunnel().port());
        w.u8(d.tunnel().flags());
    }

    static DestConfig dest(WireReader r) throws ControlProtocolException {
        IpAddress address = address(r);
        int port = r.u16();
        int flag = r.u8();
        ForwardingMethod method = flag <= 3 ? ForwardingMethod.ofConnFlag(flag) : null;
        if (method == null) {
            throw new ControlProtocolException("unknown forwarding method " + flag);
        }
        int weight = r.i32();
        int upper = r.i32();
        int lower = r.i32();
        TunnelType type = tunnelType(r.u8());
        int tunPort = r.u16();
        int tunFlags = r.u8();
        if (tunFlags > TunnelConfig.REMCSUM) {
            throw new ControlProtocolException("unknown tunnel flags " + tunFlags);
        }
        return new DestConfig(address, port, method, weight, upper, lower, new TunnelConfig(type, tunPort, tunFlags));
    }

    static void stats(WireWriter w, StatsSnapshot s) throws ControlProtocolException {
        w.i64(s.conns());
        w.i64(s.inPkts());
        w.i64(s.outPkts());
        w.i64(s.inBytes());
        w.i64(s.outBytes());
        w.i64(s.cps());
        w.i64(s.inPps());
        w.i64(s.outPps());
        w.i64(s.inBps());
        w.i64(s.outBps());
    }

    static StatsSnapshot stats(WireReader r) throws ControlProtocolException {
        return new StatsSnapshot(r.i64(), r.i64(), r.i64(), r.i64(), r.i64(),
                r.i64(), r.i64(), r.i64(), r.i64(), r.i64());
    }

    static void serviceEntry(WireWriter w, ServiceEntry e) throws ControlProtocolException {
        service(w, e.config());
        stats(w, e.stats());
        w.count(e.dests().size(), ControlProtocol.MAX_DESTS, "real servers");
        for (DestEntry d : e.dests()) {
            dest(w, d.config());
            w.i32(d.activeConns());
            w.i32(d.inactConns());
            w.i32(d.persistConns());
            stats(w, d.stats());
        }
    }

    static ServiceEntry serviceEntry(WireReader r) throws ControlProtocolException {
        ServiceConfig config = service(r);
        StatsSnapshot stats = stats(r);
        int n = r.count(ControlProtocol.MAX_DESTS, MIN_DEST_ENTRY_BYTES, "real servers");
        List<DestEntry> dests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dests.add(new DestEntry(dest(r), r.i32(), r.i32(), r.i32(), stats(r)));
        }
        return new ServiceEntry(config, stats, dests);
    }

    static void serviceEntries(WireWriter w, List<ServiceEntry> list) throws ControlProtocolException {
        w.count(list.size(), ControlProtocol.MAX_SERVICES, "services");
        for (ServiceEntry e : list) {
            serviceEntry(w, e);
        }
    }

    static List<ServiceEntry> serviceEntries(WireReader r) throws ControlProtocolException {
        int n = r.count(ControlProtocol.MAX_SERVICES, MIN_SERVICE_ENTRY_BYTES, "services");
        List<ServiceEntry> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(serviceEntry(r));
        }
        return list;
    }

    static void daemonState(WireWriter w, DaemonState s) throws ControlProtocolException {
        w.u8(s.kernelValue());
    }

    static DaemonState daemonState(WireReader r) throws ControlProtocolException {
        int v = r.u8();
        DaemonState s = DaemonState.ofKernelValue(v);
        if (s == null) {
            throw new ControlProtocolException("unknown daemon state " + v);
        }
        return s;
    }

    static void daemon(WireWriter w, SyncDaemonConfig d) throws ControlProtocolException {
        daemonState(w, d.state());
        w.str8(d.mcastInterface(), ControlProtocol.MAX_IFNAME, "multicast interface");
        w.i32(d.syncId());
        w.u16(d.syncMaxlen());
        w.bool(d.mcastGroup() != null);
        if (d.mcastGroup() != null) {
            address(w, d.mcastGroup());
        }
        w.u16(d.mcastPort());
        w.u8(d.mcastTtl());
    }

    static SyncDaemonConfig daemon(WireReader r) throws ControlProtocolException {
        DaemonState state = daemonState(r);
        String ifname = r.str8(ControlProtocol.MAX_IFNAME, "multicast interface");
        int syncId = r.i32();
        int maxlen = r.u16();
        IpAddress group = r.bool("multicast group present") ? address(r) : null;
        return new SyncDaemonConfig(state, ifname, syncId, maxlen, group, r.u16(), r.u8());
    }

    static void daemons(WireWriter w, List<SyncDaemonConfig> list) throws ControlProtocolException {
        w.count(list.size(), ControlProtocol.MAX_DAEMONS, "daemons");
        for (SyncDaemonConfig d : list) {
            daemon(w, d);
        }
    }

    static List<SyncDaemonConfig> daemons(WireReader r) throws ControlProtocolException {
        int n = r.count(ControlProtocol.MAX_DAEMONS, MIN_DAEMON_BYTES, "daemons");
        List<SyncDaemonConfig> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(daemon(r));
        }
        return list;
    }

    static void connections(WireWriter w, List<ConnectionEntry> list) throws ControlProtocolException {
        w.count(list.size(), ControlProtocol.MAX_CONNECTIONS, "connections");
        for (ConnectionEntry c : list) {
            w.str8(c.protocol(), ControlProtocol.MAX_PROTOCOL_NAME, "protocol");
            w.i32(c.expireSec());
            w.str8(c.state(), ControlProtocol.MAX_STATE_NAME, "state");
            address(w, c.clientAddress());
            w.u16(c.clientPort());
            address(w, c.virtualAddress());
            w.u16(c.virtualPort());
            address(w, c.destAddress());
            w.u16(c.destPort());
            w.str8(c.peName(), ControlProtocol.MAX_PE_NAME, "pe name");
            w.str8(c.peData(), ControlProtocol.MAX_PE_DATA, "pe data");
        }
    }

    static List<ConnectionEntry> connections(WireReader r) throws ControlProtocolException {
        int n = r.count(ControlProtocol.MAX_CONNECTIONS, MIN_CONNECTION_BYTES, "connections");
        List<ConnectionEntry> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new ConnectionEntry(
                    r.str8(ControlProtocol.MAX_PROTOCOL_NAME, "protocol"),
                    r.i32(),
                    r.str8(ControlProtocol.MAX_STATE_NAME, "state"),
                    address(r), r.u16(),
                    address(r), r.u16(),
                    address(r), r.u16(),
                    r.str8(ControlProtocol.MAX_PE_NAME, "pe name"),
                    r.str8(ControlProtocol.MAX_PE_DATA, "pe data")));
        }
        return list;
    }

    private static AddressFamily family(int v) throws ControlProtocolException {
        for (AddressFamily f : AddressFamily.values()) {
            if (f.linuxValue() == v) {
                return f;
            }
        }
        throw new ControlProtocolException("unknown address family " + v);
    }

    private static IpAddress addressBytes(WireReader r, AddressFamily family) throws ControlProtocolException {
        return IpAddress.ofBytes(r.bytes(family.bits() / 8));
    }

    private static TunnelType tunnelType(int v) throws ControlProtocolException {
        for (TunnelType t : TunnelType.values()) {
            if (t.kernelValue() == v) {
                return t;
            }
        }
        throw new ControlProtocolException("unknown tunnel type " + v);
    }
}
