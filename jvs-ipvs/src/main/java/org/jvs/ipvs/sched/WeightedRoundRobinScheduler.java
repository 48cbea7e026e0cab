package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * Weighted round robin ({@code wrr}, ip_vs_wrr.c), the kernel's interleaved variant (not the
 * "smooth" one of nginx): passes over the real servers in kernel list order with a falling
 * threshold {@code cw}; each pass picks, in order, every server whose weight is at least
 * {@code cw}, then {@code cw} drops by the gcd of the weights, and after the last pass (cw = 1)
 * starts again at the maximum. Weights 4, 3, 2 thus give A A B A B C A B C.
 *
 * <p>State, recomputed on every add, delete or edit of a server as ip_vs_wrr_dest_changed does:
 * {@code di} = gcd of the positive weights (1 if none), {@code mw} = max weight − (di − 1) so the
 * last pass runs at cw = 1 and still reaches a server whose weight fell below di, and the cursor back
 * at the list head; {@code cw} is kept when it still fits, realigned to the new gcd otherwise.
 *
 * <p>Thread-safety: the state is guarded by this instance's lock (the kernel's sched_lock);
 * {@link #schedule} does not allocate.
 */
public final class WeightedRoundRobinScheduler implements Scheduler {
    private static final int HEAD = -1;
    private static final int NO_STOP = -2;

    private final Object lock = new Object();
    private RealServer[] list = new RealServer[0];
    /** Index of the server last chosen, or {@link #HEAD}. */
    private int cursor = HEAD;
    /** Current weight threshold. */
    private int cw;
    /** Maximum weight reduced by di - 1; 0 when no server has a positive weight. */
    private int mw;
    /** The threshold's step: gcd of the positive weights. */
    private int di = 1;

    @Override
    public String name() {
        return "wrr";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        synchronized (lock) {
            RealServer[] dests = service.destinations();
            if (dests != list) {
                // The table swaps the array before announcing the change; recompute as it will.
                recompute(dests);
            }
            if (mw == 0) {
                return null;
            }
            int last = cursor;
            int pos = cursor;
            int stop = NO_STOP;
            boolean lastPass = false;
            boolean restarted = false;
            while (true) {
                for (int i = pos + 1; i < dests.length; i++) {
                    RealServer d = dests[i];
                    if (!d.overloaded() && d.weight() >= cw) {
                        cursor = i;
                        return d;
                    }
                    if (i == stop) {
                        cursor = i;
                        return null;
                    }
                }
                pos = HEAD;
                cw -= di;
                if (cw <= 0) {
                    cw = mw;
                    // Every server has been tried at cw = 1: after a restart, or in one pass from the head.
                    if (lastPass || last == HEAD) {
                        cursor = HEAD;
                        return null;
                    }
                    restarted = true;
                }
                lastPass = cw <= di;
                if (lastPass && restarted && last != HEAD) {
                    // The cw = 1 pass before the restart only covered the servers after 'last'.
                    stop = last;
                }
            }
        }
    }

    @Override
    public void onDestinationsChanged(VirtualService service) {
        synchronized (lock) {
            recompute(service.destinations());
        }
    }

    private void recompute(RealServer[] dests) {
        list = dests;
        cursor = HEAD;
        int g = WeightGcd.of(dests, false);
        int max = 0;
        for (RealServer d : dests) {
            max = Math.max(max, d.weight());
        }
        di = g > 0 ? g : 1;
        mw = max - (di - 1);
        if (cw > mw || cw == 0) {
            cw = mw;
        } else if (di > 1) {
            cw = (cw / di) * di + 1;
        }
    }
}
