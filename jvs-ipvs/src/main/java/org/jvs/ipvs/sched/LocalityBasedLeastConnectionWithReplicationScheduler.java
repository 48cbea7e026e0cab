package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * Locality-based least-connection with replication ({@code lblcr}, ip_vs_lblcr.c): like lblc, but
 * a destination address maps to a <em>set</em> of real servers, so a popular site can be served
 * by several caches. A new connection goes to the least loaded member of the set (weighted
 * least-connection among members that are still in the service, have weight above 0 and are not
 * overloaded). When there is none, or it is overloaded in lblc's sense, a server is chosen by
 * {@code wlc} over the whole service and added to the set. A set of two or more that has not
 * changed for the expiration time (sysctl {@code lblcr_expiration}, 24 h by default) sheds its most
 * loaded member, one per scheduled connection.
 *
 * <p>Entries expire as {@link LocalityTable} describes; {@link #housekeep} drives that.
 *
 * <p>Thread-safety: the table and its sets are guarded by this instance's lock. {@link #schedule}
 * allocates only when it remembers a new destination address or grows a set (the kernel allocates
 * there too).
 */
public final class LocalityBasedLeastConnectionWithReplicationScheduler implements Scheduler {

    private static final class Entry extends LocalityTable.Entry {
        final DestinationSet set = new DestinationSet();

        Entry(PacketKey packet) {
            super(packet);
        }
    }

    private final Object lock = new Object();
    private final LocalityTable<Entry> table;

    /** With the kernel's default {@code lblcr_expiration} of 24 hours. */
    public LocalityBasedLeastConnectionWithReplicationScheduler() {
        this(LocalityTable.DEFAULT_EXPIRATION_NS);
    }

    /** @param expirationNs the {@code lblcr_expiration} sysctl: entry lifetime and set-shrink delay */
    public LocalityBasedLeastConnectionWithReplicationScheduler(long expirationNs) {
        this.table = new LocalityTable<>(expirationNs);
    }

    @Override
    public String name() {
        return "lblcr";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        RealServer[] dests = service.destinations();
        long now = packet.nowNs;
        synchronized (lock) {
            table.arm(now);
            Entry en = table.get(packet);
            if (en == null) {
                RealServer dest = WeightedLoad.leastConnections(dests);
                if (dest != null && !table.full()) {
                    en = new Entry(packet);
                    en.set.insert(dest, false, now);
                    table.insert(en);
                }
                return dest;
            }
            en.lastUseNs = now;
            DestinationSet set = en.set;
            RealServer dest = set.leastLoaded();
            if (set.size() > 1 && now - set.lastModNs() > table.expirationNs()) {
                RealServer most = set.mostLoaded();
                if (most != null) {
                    set.erase(most, now);
                }
            }
            if (dest != null && !LocalityTable.overloaded(dest, dests)) {
                return dest;
            }
            dest = WeightedLoad.leastConnections(dests);
            if (dest != null) {
                set.insert(dest, true, now);
            }
            return dest;
        }
    }

    @Override
    public void housekeep(long nowNs) {
        synchronized (lock) {
            table.housekeep(nowNs);
        }
    }

    /** The replica set of the packet's destination address, newest first, or null (for tests). */
    RealServer[] replicas(PacketKey packet) {
        synchronized (lock) {
            Entry en = table.get(packet);
            return en == null ? null : en.set.members();
        }
    }

    /** Number of remembered destination addresses (for tests). */
    int size() {
        synchronized (lock) {
            return table.size();
        }
    }
}
