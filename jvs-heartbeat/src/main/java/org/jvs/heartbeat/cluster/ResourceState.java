package org.jvs.heartbeat.cluster;

/**
 * The variables heartbeat's {@code hb_resource.c} keeps, shared by {@link ResourceCoordinator} and
 * {@link StandbyProtocol}. Names follow heartbeat's so the two can be read side by side. Not
 * thread-safe (conductor only).
 */
final class ResourceState {
    /** heartbeat's {@code hb_rsc_state}. */
    enum Phase {
        INIT, STARTING, BOTHSTARTING, RSCRCVD, STABLE, SHUTDOWN
    }

    /** heartbeat's {@code enum standby}; the ordinals are the "info" words of ask_resources. */
    enum Standby {
        NOT("not"), ME("me"), OTHER("other"), DONE("done");

        final String word;

        Standby(String word) {
            this.word = word;
        }
    }

    Phase phase = Phase.INIT;
    int iHold = ResourceSet.NONE;
    int otherHolds = ResourceSet.NONE;
    boolean otherIsStable;
    boolean takeoverInProgress;
    Standby goingStandby = Standby.NOT;
    int standbySet = ResourceSet.ALL;
    /** Deadline of the running standby exchange; 0 when none (heartbeat's standby_running). */
    long standbyDeadlineNs;
    boolean rscNeedsFailback;
    boolean failbackInProgress;
    boolean shutdownInProgress;
    boolean rscNeedsShutdown;
    boolean resourceShutdownInProgress;
    /** When a node stuck in RSCRCVD takes its own groups anyway; 0 when unset. */
    long localTakeoverDeadlineNs;
    /** When a delayed auto failback is retried; 0 when none. */
    long autoFailbackRetryNs;
    boolean resourcesRequestedYet;
    /** Resource jobs submitted and not finished (heartbeat's ResourceMgmt_child_count). */
    int jobsRunning;

    /** hb_rsc_isstable: no resource activity under way on either side. */
    boolean isStable(boolean niceFailback) {
        if (!niceFailback) {
            return jobsRunning == 0;
        }
        if (shutdownInProgress && phase == Phase.INIT) {
            return true;
        }
        return otherIsStable && !takeoverInProgress && goingStandby == Standby.NOT && standbyDeadlineNs == 0
                && jobsRunning == 0 && (phase == Phase.STABLE || phase == Phase.SHUTDOWN || phase == Phase.INIT);
    }
}
