package org.jvs.director;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvs.service.VirtualService;

/**
 * Advances every service's and real server's rate estimator, as the kernel's estimation timer does
 * every 2 seconds. Run it from one scheduled thread at a fixed 2-second rate.
 */
final class RateEstimatorTask implements Runnable {
    /** The kernel's estimation period (IPVS_EST_TICK is 2 s). */
    static final long PERIOD_MS = 2000;

    private final VirtualServerTable table;

    RateEstimatorTask(VirtualServerTable table) {
        this.table = table;
    }

    @Override
    public void run() {
        for (VirtualService svc : table.services()) {
            svc.stats().estimate();
            for (RealServer d : svc.destinations()) {
                d.stats().estimate();
            }
        }
    }
}
