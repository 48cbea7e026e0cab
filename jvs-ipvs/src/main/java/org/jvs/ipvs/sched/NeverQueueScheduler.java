package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * Never queue ({@code nq}, ip_vs_nq.c): the first real server in kernel list order with no active
 * connection, whatever its weight; when every server is busy, the one with the least
 * (active + 1) / weight as {@code sed}. Servers with weight 0 or overloaded are skipped.
 *
 * <p>Stateless and thread-safe; does not allocate.
 */
public final class NeverQueueScheduler implements Scheduler {

    @Override
    public String name() {
        return "nq";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        RealServer least = null;
        long loh = 0;
        for (RealServer d : service.destinations()) {
            if (!d.schedulable()) {
                continue;
            }
            if (d.activeConns() == 0) {
                return d;
            }
            long doh = WeightedLoad.expectedDelay(d);
            if (least == null || WeightedLoad.lighter(doh, d.weight(), loh, least.weight())) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }
}
