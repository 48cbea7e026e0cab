package org.jvs.heartbeat.cluster;

import org.jvs.heartbeat.wire.Message;

/**
 * What the resource protocol needs from the node that runs it. Every call happens on the conductor
 * thread.
 */
interface CoordinatorHost {

    /** Sends a cluster message; our own copy is processed before this returns, as in heartbeat. */
    void send(Message m);

    /** Queues resource work. */
    void submit(Job job);

    /** Cluster nodes (not ping nodes) whose status is active. */
    int activeNodes();

    /** Cluster nodes (not ping nodes) whose status is dead. */
    int deadNodes();

    /** Whether our own status is already active. */
    boolean localActive();

    /** The time of the event being handled. */
    long nowNs();

    /** Our own shutdone came back: finish shutting down. */
    void shutdownComplete();
}
