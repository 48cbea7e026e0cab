package org.jvs.ipvs.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.sched.Scheduler;

/**
 * The table of virtual services and their real servers: the control half of the kernel's
 * ip_vs_ctl.c. Every operation either applies completely or throws an {@link IpvsException} with the
 * errno the kernel returns for the same request, leaving the table unchanged.
 *
 * <p>Thread-safety: control operations are serialised on this object; data-plane threads call
 * {@link #find} at any time without locking (it reads an immutable index that is swapped after each
 * change).
 */
public final class VirtualServerTable {
    /** The only persistence engine IPVS ships. */
    private static final String PE_SIP = "sip";

    private final Function<String, Scheduler> schedulerFactory;
    private final Map<ServiceKey, VirtualService> services = new LinkedHashMap<>();
    private final List<Consumer<RealServer>> removalListeners = new ArrayList<>();
    private volatile ServiceIndex index = ServiceIndex.EMPTY;
    /** Bumped by every change, so watchers (the nftables diversion) can tell when to re-read. */
    private volatile long generation;

    /**
     * @param schedulerFactory makes a fresh scheduler for a name, or returns null for an unknown name
     */
    public VirtualServerTable(Function<String, Scheduler> schedulerFactory) {
        this.schedulerFactory = schedulerFactory;
    }

    /** A number that changes whenever services or real servers change. */
    public long generation() {
        return generation;
    }

    /** Registers a callback run (under the table lock) for every real server that leaves the table. */
    public synchronized void onRealServerRemoved(Consumer<RealServer> listener) {
        removalListeners.add(listener);
    }

    /** {@code ipvsadm -A}. */
    public synchronized void addService(ServiceConfig config) throws IpvsException {
        validateService(config);
        if (services.containsKey(config.key())) {
            throw new IpvsException(Errno.EEXIST, "service " + config.key() + " exists");
        }
        Scheduler scheduler = newScheduler(config.scheduler());
        VirtualService svc = new VirtualService(normalise(config), scheduler);
        scheduler.onDestinationsChanged(svc);
        services.put(config.key(), svc);
        reindex();
        generation++;
    }

    /** {@code ipvsadm -E}: scheduler, flags, persistence and netmask change; real servers stay. */
    public synchronized void editService(ServiceConfig config) throws IpvsException {
        validateService(config);
        VirtualService svc = require(config.key());
        Scheduler scheduler = svc.scheduler().name().equals(config.scheduler())
                ? svc.scheduler() : newScheduler(config.scheduler());
        ServiceConfig old = svc.config();
        svc.setConfig(normalise(config));
        try {
            // Also for the same scheduler: its flags (sh-port, mh-fallback...) may have changed.
            scheduler.onDestinationsChanged(svc);
        } catch (IpvsException e) {
            svc.setConfig(old);
            svc.scheduler().onDestinationsChanged(svc);
            throw e;
        }
        svc.setScheduler(scheduler);
        generation++;
    }

    /** {@code ipvsadm -D}: the service and its real servers go; their connections are orphaned. */
    public synchronized void deleteService(ServiceKey key) throws IpvsException {
        VirtualService svc = require(key);
        services.remove(key);
        reindex();
        for (RealServer d : svc.destinations()) {
            retire(d);
        }
        generation++;
    }

    /** {@code ipvsadm -C}. */
    public synchronized void flush() {
        List<VirtualService> all = new ArrayList<>(services.values());
        services.clear();
        reindex();
        for (VirtualService svc : all) {
            for (RealServer d : svc.destinations()) {
                retire(d);
            }
        }
        generation++;
    }

    /** {@code ipvsadm -a}. */
    public synchronized RealServer addDest(ServiceKey key, DestConfig config) throws IpvsException {
        VirtualService svc = require(key);
        validateDest(svc, config);
        if (svc.findDestination(config.address(), config.port()) != null) {
            throw new IpvsException(Errno.EEXIST, "destination " + config.address() + ":" + config.port() + " exists");
        }
        RealServer dest = new RealServer(svc, config);
        svc.addDestination(dest);
        try {
            svc.scheduler().onDestinationsChanged(svc);
        } catch (IpvsException e) {
            svc.removeDestination(dest);
            svc.scheduler().onDestinationsChanged(svc);
            throw e;
        }
        generation++;
        return dest;
    }

    /** {@code ipvsadm -e}. */
    public synchronized void editDest(ServiceKey key, DestConfig config) throws IpvsException {
        VirtualService svc = require(key);
        validateDest(svc, config);
        RealServer dest = svc.findDestination(config.address(), config.port());
        if (dest == null) {
            throw new IpvsException(Errno.ENOENT, "no destination " + config.address() + ":" + config.port());
        }
        DestConfig old = dest.config();
        dest.update(config);
        try {
            svc.scheduler().onDestinationsChanged(svc);
        } catch (IpvsException e) {
            dest.update(old);
            throw e;
        }
        generation++;
    }

    /** {@code ipvsadm -d}. */
    public synchronized void deleteDest(ServiceKey key, IpAddress address, int port) throws IpvsException {
        VirtualService svc = require(key);
        RealServer dest = svc.findDestination(address, port);
        if (dest == null) {
            throw new IpvsException(Errno.ENOENT, "no destination " + address + ":" + port);
        }
        svc.removeDestination(dest);
        svc.scheduler().onDestinationsChanged(svc);
        retire(dest);
        generation++;
    }

    /** {@code ipvsadm -Z [service]}: zeroes counters and rates of one service or of all. */
    public synchronized void zero(ServiceKey key) throws IpvsException {
        if (key != null) {
            zero(require(key));
            return;
        }
        for (VirtualService svc : services.values()) {
            zero(svc);
        }
    }

    private static void zero(VirtualService svc) {
        svc.stats().zero();
        for (RealServer d : svc.destinations()) {
            d.stats().zero();
        }
    }

    /** The service with this key, or null. */
    public synchronized VirtualService service(ServiceKey key) {
        return services.get(key);
    }

    /** All services in the order they were added. */
    public synchronized List<VirtualService> services() {
        return List.copyOf(services.values());
    }

    /**
     * Finds the service a packet belongs to, in the kernel's order: firewall mark, exact
     * {@code <proto, addr, port>}, FTP data, port-0 catch-all. Lock-free and allocation-free.
     */
    public VirtualService find(AddressFamily family, int protocol, long addrHi, long addrLo, int port, int fwmark) {
        return index.find(family, protocol, addrHi, addrLo, port, fwmark);
    }

    /** Whether some service listens on this address (a VIP). Lock-free. */
    public boolean isVirtualAddress(AddressFamily family, long addrHi, long addrLo) {
        return index.hasAddress(family, addrHi, addrLo);
    }

    private void retire(RealServer dest) {
        dest.markUnavailable();
        for (Consumer<RealServer> l : removalListeners) {
            l.accept(dest);
        }
    }

    private void reindex() {
        index = new ServiceIndex(List.copyOf(services.values()));
    }

    private VirtualService require(ServiceKey key) throws IpvsException {
        VirtualService svc = services.get(key);
        if (svc == null) {
            throw new IpvsException(Errno.ESRCH, "no service " + key);
        }
        return svc;
    }

    private Scheduler newScheduler(String name) throws IpvsException {
        Scheduler s = schedulerFactory.apply(name);
        if (s == null) {
            throw new IpvsException(Errno.ENOENT, "scheduler " + name + " not found");
        }
        return s;
    }

    private static ServiceConfig normalise(ServiceConfig c) {
        return new ServiceConfig(c.key(), c.scheduler(), c.flags() | ServiceFlags.HASHED, c.timeoutSec(),
                c.netmask(), c.peName());
    }

    private void validateService(ServiceConfig c) throws IpvsException {
        ServiceKey k = c.key();
        if (k.protocol() == Protocol.IP) {
            throw new IpvsException(Errno.EINVAL, "protocol must be TCP, UDP or SCTP");
        }
        if (k.family() == AddressFamily.INET6 && (c.netmask() < 1 || c.netmask() > 128)) {
            throw new IpvsException(Errno.EINVAL, "IPv6 netmask out of range");
        }
        if (!c.peName().isEmpty() && !PE_SIP.equals(c.peName())) {
            throw new IpvsException(Errno.ENOENT, "persistence engine " + c.peName() + " not found");
        }
        if (schedulerFactory.apply(c.scheduler()) == null) {
            throw new IpvsException(Errno.ENOENT, "scheduler " + c.scheduler() + " not found");
        }
    }

    private static void validateDest(VirtualService svc, DestConfig d) throws IpvsException {
        if (d.weight() < 0) {
            throw new IpvsException(Errno.ERANGE, "server weight less than zero");
        }
        if (Integer.compareUnsigned(d.lowerThreshold(), d.upperThreshold()) > 0) {
            throw new IpvsException(Errno.ERANGE, "lower threshold is higher than upper threshold");
        }
        if (d.address().family() != svc.key().family() && d.method() != ForwardingMethod.TUNNEL) {
            throw new IpvsException(Errno.EINVAL, "address family differs from the service's");
        }
        if (!isUnicast(d.address())) {
            throw new IpvsException(Errno.EINVAL, "destination address is not unicast");
        }
        if (d.method() == ForwardingMethod.TUNNEL && d.tunnel().type() == TunnelType.GUE && d.tunnel().port() == 0) {
            throw new IpvsException(Errno.EINVAL, "tunnel port is zero");
        }
    }

    private static boolean isUnicast(IpAddress a) {
        if (a.isV4()) {
            int v = a.v4();
            int first = v >>> 24;
            return v != 0 && v != -1 && (first < 224 || first > 239);
        }
        boolean multicast = (a.hi() >>> 56) == 0xFF;
        return !multicast && (a.hi() != 0 || a.lo() != 0);
    }
}
