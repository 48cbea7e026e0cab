package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * Weighted least-connection ({@code wlc}, ip_vs_wlc.c), the default scheduler: the real server
 * with the least (active × 256 + inactive) / weight; ties go to the first in kernel list order
 * (the most recently added). Servers with weight 0 or overloaded never get new connections.
 *
 * <p>Stateless and thread-safe; does not allocate.
 */
public final class WeightedLeastConnectionScheduler implements Scheduler {

    @Override
    public String name() {
        return "wlc";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        return WeightedLoad.leastConnections(service.destinations());
    }
}
