package org.jvs.heartbeat.resource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command (a resource script, {@code ip}, {@code mount}) to completion with a
 * time limit, capturing its output. A command that overruns is killed with its whole process tree
 * and reported as exit code 124, as timeout(1) does. Thread-safe (stateless apart from the
 * environment given at construction).
 */
public final class CommandRunner {
    /** The exit code reported for a command killed at its time limit. */
    public static final int TIMED_OUT = 124;
    /** The exit code reported when the command cannot be started at all. */
    public static final int NOT_STARTED = 127;

    /** What a command did. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final Map<String, String> environment;

    /** @param environment variables added to the inherited environment (HA_* for resource scripts) */
    public CommandRunner(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Runs {@code command}; never throws for a failing or missing command. */
    public Result run(List<String> command, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(NOT_STARTED, "", e.getMessage());
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Result(TIMED_OUT, out.getNow(""), "timed out after " + timeout.toSeconds() + " s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(TIMED_OUT, "", "interrupted");
        }
    }

    /**
     * Starts {@code command} in the background with the same environment, its output appended to
     * {@code log}, and returns without waiting (a daemon that stays in the foreground).
     */
    public Process spawn(List<String> command, java.nio.file.Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(environment);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("");
            }
        });
        return f;
    }
}
