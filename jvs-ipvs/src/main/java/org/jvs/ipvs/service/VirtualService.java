package org.jvs.ipvs.service;

import java.util.Arrays;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.sched.Scheduler;
import org.jvs.ipvs.stats.Stats;

/**
 * A virtual service (the kernel's ip_vs_service): its key, configuration, scheduler and real servers.
 *
 * <p>Real servers are kept in the kernel's list order: a newly added server goes to the head, so
 * iteration order is the reverse of {@code -a} order, and every scheduler walks that order. The
 * array is replaced, never mutated, so data-plane threads read it without locks; only the control
 * thread (holding the table's lock) changes a service.
 */
public final class VirtualService {
    private static final RealServer[] NONE = new RealServer[0];

    private final ServiceKey key;
    private final Stats stats = new Stats();
    private volatile ServiceConfig config;
    private volatile Scheduler scheduler;
    private volatile RealServer[] destinations = NONE;

    public VirtualService(ServiceConfig config, Scheduler scheduler) {
        this.key = config.key();
        this.config = config;
        this.scheduler = scheduler;
    }

    public ServiceKey key() {
        return key;
    }

    public ServiceConfig config() {
        return config;
    }

    /** Replaces the configuration ({@code -E}); the key never changes. */
    public void setConfig(ServiceConfig config) {
        if (!config.key().equals(key)) {
            throw new IllegalArgumentException("service key cannot change");
        }
        this.config = config;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public void setScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public Stats stats() {
        return stats;
    }

    /** The real servers in kernel list order (most recently added first). Do not modify. */
    public RealServer[] destinations() {
        return destinations;
    }

    /** The real server with this address and port, or null. */
    public RealServer findDestination(IpAddress address, int port) {
        for (RealServer d : destinations) {
            if (d.port() == port && d.address().equals(address)) {
                return d;
            }
        }
        return null;
    }

    /** Adds {@code dest} at the head of the list, as list_add_rcu does. */
    public void addDestination(RealServer dest) {
        RealServer[] old = destinations;
        RealServer[] n = new RealServer[old.length + 1];
        n[0] = dest;
        System.arraycopy(old, 0, n, 1, old.length);
        destinations = n;
    }

    /** Removes {@code dest}; returns false when it was not there. */
    public boolean removeDestination(RealServer dest) {
        RealServer[] old = destinations;
        int i = Arrays.asList(old).indexOf(dest);
        if (i < 0) {
            return false;
        }
        RealServer[] n = new RealServer[old.length - 1];
        System.arraycopy(old, 0, n, 0, i);
        System.arraycopy(old, i + 1, n, i, old.length - i - 1);
        destinations = n;
        return true;
    }

    /** Persistent-connection timeout in seconds, 0 when not persistent. */
    public int persistenceTimeoutSec() {
        ServiceConfig c = config;
        return c.persistent() ? c.timeoutSec() : 0;
    }

    @Override
    public String toString() {
        if (key.isFwmark()) {
            return "FWM " + key.fwmark();
        }
        IpAddress a = key.address();
        return key.protocol().label() + " " + (a.isV4() ? a.toString() : "[" + a + "]") + ":" + key.port();
    }
}
