package org.jvs.ldirectord.check;

/**
 * The outcome of one check of one real server: up or down, the short text ldirectord writes to the
 * monitor file ("-" when there is nothing to say), and whether the outcome is written there at all
 * (ldirectord does not record failed pings, external-perl checks or checktype=on). Immutable.
 */
public record CheckResult(boolean up, String message, boolean monitored) {
    /** What ldirectord records when a check has nothing to add. */
    public static final String NO_MESSAGE = "-";

    public static CheckResult up(String message) {
        return new CheckResult(true, message, true);
    }

    public static CheckResult down(String message) {
        return new CheckResult(false, message, true);
    }

    /** An outcome ldirectord applies without a monitor-file line. */
    public static CheckResult unmonitored(boolean up) {
        return new CheckResult(up, NO_MESSAGE, false);
    }
}
