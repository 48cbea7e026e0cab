package org.jvs.ldirectord.check;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the commands ldirectord runs: check commands with a timeout after which the child gets
 * SIGTERM (ldirectord's {@code system_timeout}), and fallback and callback command lines through
 * {@code /bin/sh -c} (its {@code system}). Output is discarded; errors of the command go to this
 * process's standard error. Thread-safe.
 */
public final class ProcessRunner {
    /** What {@link #run} returns when the command did not finish in time. */
    public static final int TIMED_OUT = -1;
    /** What {@link #run} returns when the command could not be started (exec failure, as 127). */
    public static final int NOT_STARTED = 127;

    /** Runs {@code argv} (no shell); returns its exit status, {@link #TIMED_OUT} or {@link #NOT_STARTED}. */
    public int run(List<String> argv, Duration timeout) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            return NOT_STARTED;
        }
        try {
            if (p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return p.exitValue();
            }
            p.destroy();
            return TIMED_OUT;
        } catch (InterruptedException e) {
            p.destroy();
            throw e;
        }
    }

    /** Runs a command line through the shell and waits for it; returns its exit status. */
    public int shell(String commandLine) throws InterruptedException {
        return run(List.of("/bin/sh", "-c", commandLine), Duration.ofDays(365));
    }
}
