package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * Least connection ({@code lc}, ip_vs_lc.c): the real server with the least
 * active × 256 + inactive connections; weights only switch a server on (above 0) or off (0). Ties
 * go to the first in kernel list order; overloaded servers are skipped.
 *
 * <p>Stateless and thread-safe; does not allocate.
 */
public final class LeastConnectionScheduler implements Scheduler {

    @Override
    public String name() {
        return "lc";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        RealServer least = null;
        long loh = 0;
        for (RealServer d : service.destinations()) {
            if (!d.schedulable()) {
                continue;
            }
            long doh = d.connOverhead();
            if (least == null || doh < loh) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }
}
