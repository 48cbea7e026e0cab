package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * Shortest expected delay ({@code sed}, ip_vs_sed.c): the real server with the least
 * (active + 1) / weight, counting the new connection and ignoring inactive ones; ties go to the
 * first in kernel list order. Servers with weight 0 or overloaded never get new connections.
 *
 * <p>Stateless and thread-safe; does not allocate.
 */
public final class ShortestExpectedDelayScheduler implements Scheduler {

    @Override
    public String name() {
        return "sed";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        return WeightedLoad.shortestExpectedDelay(service.destinations());
    }
}
