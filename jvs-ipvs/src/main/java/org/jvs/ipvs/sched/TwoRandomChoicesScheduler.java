package org.jvs.ipvs.sched;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * Power of two random choices ({@code twos}, ip_vs_twos.c): two real servers are drawn at random
 * with probability proportional to their weights, and the new connection goes to the less loaded
 * of the two by (active × 256 + inactive) / weight, the first draw on a tie. Servers with weight 0
 * or overloaded are never drawn.
 *
 * <p>A draw is a number r in [0, total weight] (inclusive, as the kernel adds 1 to the total); the
 * servers are walked in kernel list order subtracting their weights, and the first one that brings r
 * to 0 or below is drawn.
 *
 * <p>Thread-safety: draws synchronize on the random generator itself, so any
 * {@link RandomGenerator} may be injected, even one shared by several schedulers;
 * {@link #schedule} does not allocate.
 */
public final class TwoRandomChoicesScheduler implements Scheduler {
    private final RandomGenerator random;

    /** Uses {@code random} for the draws (a seeded one makes choices reproducible in tests). */
    public TwoRandomChoicesScheduler(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public String name() {
        return "twos";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        RealServer[] dests = service.destinations();
        int total = 0;
        for (RealServer d : dests) {
            if (d.schedulable()) {
                total += d.weight();
            }
        }
        if (total == 0) {
            return null;
        }
        int r1;
        int r2;
        synchronized (random) {
            r1 = random.nextInt(total + 1);
            r2 = random.nextInt(total + 1);
        }
        RealServer choice1 = null;
        RealServer choice2 = null;
        for (RealServer d : dests) {
            if (!d.schedulable()) {
                continue;
            }
            int w = d.weight();
            r1 -= w;
            r2 -= w;
            if (r1 <= 0 && choice1 == null) {
                choice1 = d;
            }
            if (r2 <= 0 && choice2 == null) {
                choice2 = d;
            }
            if (choice1 != null && choice2 != null) {
                break;
            }
        }
        if (choice1 == null || choice2 == null) {
            // A weight fell between the two walks; the kernel's list was stable, so take what we have.
            return choice1 != null ? choice1 : choice2;
        }
        return WeightedLoad.lighter(choice2.connOverhead(), choice2.weight(), choice1.connOverhead(), choice1.weight())
                ? choice2 : choice1;
    }
}
