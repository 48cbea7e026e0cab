package org.jvs.ipvs.sched;

import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvs.service.VirtualService;

/**
 * Maglev hashing ({@code mh}, ip_vs_mh.c): a client's source address (plus its source port with
 * {@code mh-port}) selects one of 4093 slots by hsiphash, and the slot's owner
 * serves it. Adding or removing a server moves few clients, and the table is the kernel's, so
 * several directors (jvs or Linux) agree on the server for a flow. A slot whose server has weight 0
 * or is overloaded yields no server unless {@code mh-fallback} walks on to other slots.
 *
 * <p>The table is rebuilt on every add, delete or edit of a real server; more servers than slots
 * is refused with EINVAL.
 *
 * <p>Thread-safety: the table is an immutable array swapped on change; {@link #schedule} reads it
 * without locks and does not allocate.
 */
public final class MaglevHashingScheduler implements Scheduler {
    private static final ClientHashLookup.SlotHash SLOTS = MaglevTable::slot;

    private volatile RealServer[] lookup = new RealServer[MaglevTable.SIZE];

    @Override
    public String name() {
        return "mh";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        boolean fallback = (service.config().flags() & ServiceFlags.SCHED_FALLBACK) != 0;
        return ClientHashLookup.find(lookup, SLOTS, ClientHashLookup.clientKey(service, packet), fallback);
    }

    @Override
    public void onDestinationsChanged(VirtualService service) throws IpvsException {
        lookup = MaglevTable.populate(service.key().family(), service.destinations());
    }

    /** The owner of each slot (a copy), for tests. */
    RealServer[] slots() {
        return lookup.clone();
    }
}
