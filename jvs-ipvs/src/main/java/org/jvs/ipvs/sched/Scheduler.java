package org.jvs.ipvs.sched;

import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * An IPVS scheduling algorithm bound to one virtual service (ip_vs_scheduler). One instance per
 * service; the table calls {@link #onDestinationsChanged} under its lock after every add, delete or
 * edit of a real server, and data-plane threads call {@link #schedule} concurrently with it, so
 * implementations guard their own state.
 */
public interface Scheduler {

    /** The name as ipvsadm shows it: rr, wrr, lc, ... */
    String name();

    /**
     * Picks the real server for a new connection, or returns null when none is available (the
     * caller then answers ICMP port unreachable). Must not allocate.
     */
    RealServer schedule(VirtualService service, PacketKey packet);

    /**
     * Rebuilds internal state after the service's real servers changed (add_dest, del_dest,
     * upd_dest). May refuse, e.g. mh with more servers than table slots.
     */
    default void onDestinationsChanged(VirtualService service) throws IpvsException {
    }

    /** Periodic housekeeping (lblc/lblcr expiry); {@code nowNs} is monotonic time. */
    default void housekeep(long nowNs) {
    }
}
