package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * Weighted failover ({@code fo}, ip_vs_fo.c): every new connection goes to the real server with
 * the highest weight that is not overloaded; among equal weights the first in kernel list order.
 * Lower-weight servers take over only when it fails (is removed, set to weight 0 or overloaded).
 *
 * <p>Stateless and thread-safe; does not allocate.
 */
public final class WeightedFailoverScheduler implements Scheduler {

    @Override
    public String name() {
        return "fo";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        RealServer highest = null;
        int hw = 0;
        for (RealServer d : service.destinations()) {
            int w = d.weight();
            if (!d.overloaded() && w > hw) {
                highest = d;
                hw = w;
            }
        }
        return highest;
    }
}
