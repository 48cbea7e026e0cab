package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * Locality-based least-connection ({@code lblc}, ip_vs_lblc.c), for cache clusters: each
 * destination address sticks to the real server it was last given, so one cache holds one site.
 * The remembered server is kept while it exists, has weight above 0 and is not overloaded in
 * lblc's own sense (more active connections than its weight while some server is below half its
 * weight); otherwise a server is chosen by weighted least-connection ({@code wlc}) and remembered.
 *
 * <p>As in the kernel, the remembered server is kept even when its upper connection threshold
 * marked it overloaded: only lblc's own rule moves a destination away.
 *
 * <p>Remembered entries expire as {@link LocalityTable} describes; {@link #housekeep} drives that.
 * The kernel's ip_vs_lblc_new does not decrement its entry count when it replaces an entry, so its
 * count drifts up with every move; jvs counts entries exactly.
 *
 * <p>Thread-safety: the table is guarded by this instance's lock. {@link #schedule} allocates only
 * when it remembers a new destination address (the kernel allocates an entry there too).
 */
public final class LocalityBasedLeastConnectionScheduler implements Scheduler {

    private static final class Entry extends LocalityTable.Entry {
        final RealServer dest;

        Entry(PacketKey packet, RealServer dest) {
            super(packet);
            this.dest = dest;
        }
    }

    private final Object lock = new Object();
    private final LocalityTable<Entry> table;

    /** With the kernel's default {@code lblc_expiration} of 24 hours. */
    public LocalityBasedLeastConnectionScheduler() {
        this(LocalityTable.DEFAULT_EXPIRATION_NS);
    }

    /** @param expirationNs the {@code lblc_expiration} sysctl: unused entries live this long */
    public LocalityBasedLeastConnectionScheduler(long expirationNs) {
        this.table = new LocalityTable<>(expirationNs);
    }

    @Override
    public String name() {
        return "lblc";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        RealServer[] dests = service.destinations();
        synchronized (lock) {
            table.arm(packet.nowNs);
            Entry en = table.get(packet);
            if (en != null) {
                en.lastUseNs = packet.nowNs;
                RealServer d = en.dest;
                if (d.available() && d.weight() > 0 && !LocalityTable.overloaded(d, dests)) {
                    return d;
                }
            }
            RealServer dest = WeightedLoad.leastConnections(dests);
            if (dest == null) {
                return null;
            }
            if (en != null) {
                if (en.dest == dest) {
                    return dest;
                }
                table.remove(en);
            }
            if (!table.full()) {
                table.insert(new Entry(packet, dest));
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

    /** The server remembered for the packet's destination address, or null (for tests). */
    RealServer remembered(PacketKey packet) {
        synchronized (lock) {
            Entry en = table.get(packet);
            return en == null ? null : en.dest;
        }
    }

    /** Number of remembered destination addresses (for tests). */
    int size() {
        synchronized (lock) {
            return table.size();
        }
    }
}
