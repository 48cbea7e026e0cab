package org.jvs.ipvsadm.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.stats.StatsSnapshot;

/**
 * A small in-memory director for tests, with the kernel's errno for each refusal: EEXIST for a
 * duplicate service, real server or daemon; ESRCH for a missing service or daemon; ENOENT for a
 * missing real server or an unknown scheduler or persistence engine; ERANGE when the lower
 * threshold exceeds the upper. Real servers are kept most recent first, as the kernel lists them.
 * Counters and connections are set directly by tests. Thread-safe (synchronized).
 */
public final class InMemoryIpvsControl implements IpvsControl {
    private static final Set<String> SCHEDULERS =
            Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos");

    private final Map<ServiceKey, ServiceConfig> services = new LinkedHashMap<>();
    private final Map<ServiceKey, List<DestEntry>> dests = new LinkedHashMap<>();
    private final Map<ServiceKey, StatsSnapshot> stats = new LinkedHashMap<>();
    private final Map<DaemonState, SyncDaemonConfig> daemons = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private List<ConnectionEntry> connections = List.of();
    private Timeouts timeouts = Timeouts.KERNEL_DEFAULTS;
    private int connTableSize = 4096;
    private int versionCode = VERSION_CODE;

    /** The names of the calls made, in order. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized void setConnections(List<ConnectionEntry> list) {
        connections = List.copyOf(list);
    }

    public synchronized void setInfo(int versionCode, int connTableSize) {
        this.versionCode = versionCode;
        this.connTableSize = connTableSize;
    }

    /** Replaces the counters of a service. */
    public synchronized void setStats(ServiceKey key, StatsSnapshot s) {
        stats.put(key, s);
    }

    /** Replaces a real server's counts and counters, keeping its configuration. */
    public synchronized void setDestCounters(ServiceKey key, IpAddress address, int port, int active, int inact,
                                             int persist, StatsSnapshot s) {
        List<DestEntry> list = dests.get(key);
        for (int i = 0; i < list.size(); i++) {
            DestConfig d = list.get(i).config();
            if (d.address().equals(address) && d.port() == port) {
                list.set(i, new DestEntry(d, active, inact, persist, s));
            }
        }
    }

    @Override
    public synchronized void addService(ServiceConfig s) throws IpvsException {
        calls.add("addService");
        checkNames(s);
        if (services.containsKey(s.key())) {
            throw new IpvsException(Errno.EEXIST, "service exists");
        }
        services.put(s.key(), hashed(s));
        dests.put(s.key(), new ArrayList<>());
    }

    @Override
    public synchronized void editService(ServiceConfig s) throws IpvsException {
        calls.add("editService");
        checkNames(s);
        require(s.key());
        services.put(s.key(), hashed(s));
    }

    @Override
    public synchronized void deleteService(ServiceKey key) throws IpvsException {
        calls.add("deleteService");
        require(key);
        services.remove(key);
        dests.remove(key);
        stats.remove(key);
    }

    @Override
    public synchronized void flush() {
        calls.add("flush");
        services.clear();
        dests.clear();
        stats.clear();
    }

    @Override
    public synchronized void addDest(ServiceKey key, DestConfig d) throws IpvsException {
        calls.add("addDest");
        require(key);
        checkThresholds(d);
        if (find(key, d.address(), d.port()) >= 0) {
            throw new IpvsException(Errno.EEXIST, "destination exists");
        }
        dests.get(key).addFirst(new DestEntry(d, 0, 0, 0, StatsSnapshot.ZERO));
    }

    @Override
    public synchronized void editDest(ServiceKey key, DestConfig d) throws IpvsException {
        calls.add("editDest");
        require(key);
        checkThresholds(d);
        int i = find(key, d.address(), d.port());
        if (i < 0) {
            throw new IpvsException(Errno.ENOENT, "no destination");
        }
        DestEntry old = dests.get(key).get(i);
        dests.get(key).set(i, new DestEntry(d, old.activeConns(), old.inactConns(), old.persistConns(), old.stats()));
    }

    @Override
    public synchronized void deleteDest(ServiceKey key, IpAddress address, int port) throws IpvsException {
        calls.add("deleteDest");
        require(key);
        int i = find(key, address, port);
        if (i < 0) {
            throw new IpvsException(Errno.ENOENT, "no destination");
        }
        dests.get(key).remove(i);
    }

    @Override
    public synchronized void zero(ServiceKey key) throws IpvsException {
        calls.add("zero");
        if (key != null) {
            require(key);
        }
        for (ServiceKey k : services.keySet()) {
            if (key == null || k.equals(key)) {
                stats.remove(k);
                List<DestEntry> list = dests.get(k);
                list.replaceAll(d -> new DestEntry(d.config(), d.activeConns(), d.inactConns(), d.persistConns(),
                        StatsSnapshot.ZERO));
            }
        }
    }

    @Override
    public synchronized void setTimeouts(Timeouts t) {
        calls.add("setTimeouts");
        timeouts = new Timeouts(t.tcpSec() != 0 ? t.tcpSec() : timeouts.tcpSec(),
                t.tcpFinSec() != 0 ? t.tcpFinSec() : timeouts.tcpFinSec(),
                t.udpSec() != 0 ? t.udpSec() : timeouts.udpSec());
    }

    @Override
    public synchronized void startDaemon(SyncDaemonConfig d) throws IpvsException {
        calls.add("startDaemon");
        if (daemons.containsKey(d.state())) {
            throw new IpvsException(Errno.EEXIST, "daemon runs");
        }
        daemons.put(d.state(), d);
    }

    @Override
    public synchronized void stopDaemon(DaemonState state) throws IpvsException {
        calls.add("stopDaemon");
        if (daemons.remove(state) == null) {
            throw new IpvsException(Errno.ESRCH, "no daemon");
        }
    }

    @Override
    public synchronized IpvsInfo info() {
        return new IpvsInfo(versionCode, connTableSize);
    }

    @Override
    public synchronized List<ServiceEntry> services() {
        List<ServiceEntry> list = new ArrayList<>();
        for (ServiceKey k : services.keySet()) {
            list.add(entry(k));
        }
        return list;
    }

    @Override
    public synchronized ServiceEntry service(ServiceKey key) throws IpvsException {
        require(key);
        return entry(key);
    }

    @Override
    public synchronized Timeouts timeouts() {
        return timeouts;
    }

    @Override
    public synchronized List<SyncDaemonConfig> daemons() {
        List<SyncDaemonConfig> list = new ArrayList<>();
        for (DaemonState s : DaemonState.values()) {
            if (daemons.containsKey(s)) {
                list.add(daemons.get(s));
            }
        }
        return list;
    }

    @Override
    public synchronized List<ConnectionEntry> connections() {
        return connections;
    }

    private ServiceEntry entry(ServiceKey k) {
        return new ServiceEntry(services.get(k), stats.getOrDefault(k, StatsSnapshot.ZERO), dests.get(k));
    }

    private void require(ServiceKey key) throws IpvsException {
        if (!services.containsKey(key)) {
            throw new IpvsException(Errno.ESRCH, "no service");
        }
    }

    private int find(ServiceKey key, IpAddress address, int port) {
        List<DestEntry> list = dests.get(key);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).config().address().equals(address) && list.get(i).config().port() == port) {
                return i;
            }
        }
        return -1;
    }

    private static void checkNames(ServiceConfig s) throws IpvsException {
        if (!SCHEDULERS.contains(s.scheduler()) || !(s.peName().isEmpty() || s.peName().equals("sip"))) {
            throw new IpvsException(Errno.ENOENT, "scheduler or pe not found");
        }
    }

    private static void checkThresholds(DestConfig d) throws IpvsException {
        if (Integer.compareUnsigned(d.lowerThreshold(), d.upperThreshold()) > 0) {
            throw new IpvsException(Errno.ERANGE, "lower threshold above upper");
        }
    }

    /** The kernel reports every service with IP_VS_SVC_F_HASHED set. */
    private static ServiceConfig hashed(ServiceConfig s) {
        return new ServiceConfig(s.key(), s.scheduler(), s.flags() | ServiceFlags.HASHED, s.timeoutSec(),
                s.netmask(), s.peName());
    }
}
