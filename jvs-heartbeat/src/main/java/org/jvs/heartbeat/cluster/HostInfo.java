package org.jvs.heartbeat.cluster;

/**
 * The two things a message stamp needs from the host: the wall clock (seconds, for the {@code ts}
 * field only; every timer uses the monotonic time passed in) and the load average line.
 */
public interface HostInfo {

    /** Seconds since the epoch. */
    long wallClockSeconds();

    /** The first line of /proc/loadavg, or "n/a". */
    String loadAverage();
}
