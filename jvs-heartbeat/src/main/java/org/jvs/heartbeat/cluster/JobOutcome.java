package org.jvs.heartbeat.cluster;

import java.util.List;

/**
 * What a finished {@link Job} reports. Immutable.
 *
 * @param job           the job
 * @param keysToRequest for a legacy {@link Job.RequestOurResources}: groups to ask the peer for
 * @param weOwned       for {@link Job.ReleaseForPeer}: whether we held the group
 */
public record JobOutcome(Job job, List<String> keysToRequest, boolean weOwned) {
    public JobOutcome {
        keysToRequest = List.copyOf(keysToRequest);
    }

    /** An outcome with nothing to report. */
    public static JobOutcome done(Job job) {
        return new JobOutcome(job, List.of(), false);
    }
}
