package org.jvs.heartbeat.resource;

/**
 * One resource of a group, driven the way ResourceManager drives a resource script: start, stop,
 * and a status check. Implementations block (they run on the job thread) and never throw for a
 * failing resource.
 */
public interface ResourceAgent {

    /** Starts the resource; the result's exit code is the script's. */
    CommandRunner.Result start();

    /** Stops the resource; must succeed when it is already stopped (LSB). */
    CommandRunner.Result stop();

    /** Whether the resource reports itself running. */
    boolean running();

    /** How logs name it ("/etc/ha.d/resource.d/IPaddr 10.0.0.1/24"). */
    String describe();
}
