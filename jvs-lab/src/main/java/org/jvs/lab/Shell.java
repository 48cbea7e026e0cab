package org.jvs.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands (ip, sysctl, nft) and fails loudly with their output. */
public final class Shell {
    /** No command the lab runs should take longer than this. */
    private static final long TIMEOUT_S = 30;

    private Shell() {
    }

    /** Runs a command, returns its standard output; throws with stderr when it exits non-zero. */
    public static String run(List<String> command) throws IOException {
        Result r = tryRun(command);
        if (r.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + r.exitCode() + "): " + r.stderr().strip());
        }
        return r.stdout();
    }

    /** Runs a command and returns what it did, whatever its exit code. */
    public static Result tryRun(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            var out = p.getInputStream();
            var err = p.getErrorStream();
            var errText = new java.util.concurrent.CompletableFuture<String>();
            Thread.ofVirtual().start(() -> {
                try {
                    errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    errText.complete(e.toString());
                }
            });
            String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out");
            }
            return new Result(p.exitValue(), stdout, errText.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Exit code and output of a finished command. */
    public record Result(int exitCode, String stdout, String stderr) {
    }
}
