package org.jvs.drbd.replication;

/**
 * How much a SyncTarget asks for in each 100 ms step, as DRBD 8.4 computes it: with
 * {@code c-plan-ahead} 0 a fixed {@code resync-rate}; otherwise the dynamic controller that keeps
 * {@code c-fill-target} sectors (or {@code c-delay-target} worth of the incoming rate) in flight,
 * spreading each correction over {@code c-plan-ahead} future steps, never above {@code c-max-rate}.
 * Units: sectors (512 bytes) and KiB/s as in drbd.conf. Not thread-safe: one per resync.
 */
public final class ResyncController {
    /** Steps per second (SLEEP_TIME is HZ/10). */
    public static final int STEPS_PER_SECOND = 10;
    private final long resyncRateKiB;
    private final int planAhead;
    private final long fillTargetSect;
    private final int delayTarget;
    private final long maxRateKiB;
    private final long[] plan;
    private int planHead;
    private long planTotal;
    private long lastRateKiB;

    /**
     * @param resyncRateKiB  resync-rate, KiB/s
     * @param planAhead      c-plan-ahead, 0.1 s units (0 = fixed rate)
     * @param fillTargetSect c-fill-target, sectors (0 = use the delay target)
     * @param delayTarget    c-delay-target, 0.1 s units
     * @param maxRateKiB     c-max-rate, KiB/s
     */
    public ResyncController(long resyncRateKiB, int planAhead, long fillTargetSect, int delayTarget, long maxRateKiB) {
        this.resyncRateKiB = resyncRateKiB;
        this.planAhead = planAhead;
        this.fillTargetSect = fillTargetSect;
        this.delayTarget = delayTarget;
        this.maxRateKiB = maxRateKiB;
        this.plan = new long[Math.max(1, planAhead)];
        this.lastRateKiB = resyncRateKiB;
    }

    /**
     * Sectors to request in this step.
     *
     * @param sectorsIn       sectors of resync data that arrived since the previous step
     * @param sectorsInFlight sectors requested and not yet arrived
     */
    public long step(long sectorsIn, long sectorsInFlight) {
        if (planAhead == 0) {
            lastRateKiB = resyncRateKiB;
            return resyncRateKiB * 2 / STEPS_PER_SECOND;
        }
        int steps = plan.length;
        long want;
        if (sectorsInFlight + sectorsIn == 0) {
            want = resyncRateKiB * 2 / STEPS_PER_SECOND * steps;
        } else {
            want = fillTargetSect != 0 ? fillTargetSect : sectorsIn * delayTarget;
        }
        long correction = want - sectorsInFlight - planTotal;
        long perStep = correction / steps;
        for (int i = 0; i < steps; i++) {
            plan[i] += perStep;
        }
        planTotal += perStep * steps;
        long now = plan[planHead];
        plan[planHead] = 0;
        planHead = (planHead + 1) % steps;
        planTotal -= now;
        long request = Math.max(0, sectorsIn + now);
        long max = maxRateKiB * 2 / STEPS_PER_SECOND;
        request = Math.min(request, max);
        // the rate /proc/drbd shows as "want:", in KiB/s of whole 4 KiB requests
        lastRateKiB = (request >> 3) * 4 * STEPS_PER_SECOND;
        return request;
    }

    /** The rate the last step asked for, KiB/s (the "want:" of /proc/drbd). */
    public long wantRateKiB() {
        return lastRateKiB;
    }
}
