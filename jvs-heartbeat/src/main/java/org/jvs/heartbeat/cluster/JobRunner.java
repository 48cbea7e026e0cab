package org.jvs.heartbeat.cluster;

/**
 * Runs resource jobs off the conductor thread, one at a time in submission order (heartbeat runs
 * queued resource requests only when no other resource child is running). Implementations must
 * report each completion by calling back into the conductor's queue, never inline.
 */
public interface JobRunner {

    /** Queues a job. */
    void submit(Job job);
}
