package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * Weighted overflow ({@code ovf}, ip_vs_ovf.c): new connections go to the highest-weight real
 * server until its active connections exceed its weight, then overflow to the next highest; among
 * equal weights the first in kernel list order. Only active connections count, so it suits TCP
 * better than UDP. Servers with weight 0 or overloaded are skipped.
 *
 * <p>Stateless and thread-safe; does not allocate.
 */
public final class WeightedOverflowScheduler implements Scheduler {

    @Override
    public String name() {
        return "ovf";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        RealServer highest = null;
        int hw = 0;
        for (RealServer d : service.destinations()) {
            int w = d.weight();
            if (!d.schedulable() || d.activeConns() > w) {
                continue;
            }
            if (highest == null || w > hw) {
                highest = d;
                hw = w;
            }
        }
        return highest;
    }
}
