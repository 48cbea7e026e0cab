package org.jvs.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jvs.lab.Host;

/**
 * {@code bin/jvs realserver ARGS} running in a lab host. The lab kills it on close; {@link #stop()}
 * ends it as an operator would, with SIGTERM.
 */
final class RealServerProcess {
    /** The last line a real server logs once every change is made. */
    private static final String READY = "running; SIGTERM or Ctrl-C takes every change above back";
    private static final int MAX_WAITS = 200;
    private static final long WAIT_MS = 100;

    private final Process process;
    private final Path log;

    private RealServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts it in {@code host} and waits (at most 20 s) until it says it is running. */
    static RealServerProcess start(Host host, Path workDir, String... args) throws IOException, InterruptedException {
        Path log = workDir.resolve("realserver-" + host.name() + ".log");
        List<String> command = new ArrayList<>(List.of(DirectorHost.JVS.toString(), "realserver"));
        command.addAll(List.of(args));
        Process p = host.spawn(log, command.toArray(String[]::new));
        for (int i = 0; i < MAX_WAITS; i++) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains(READY)) {
                return new RealServerProcess(p, log);
            }
            if (!p.isAlive()) {
                throw new IOException("jvs realserver exited " + p.exitValue() + ": " + text);
            }
            Thread.sleep(WAIT_MS);
        }
        throw new IOException("jvs realserver did not get ready: " + Files.readString(log));
    }

    /** Sends SIGTERM, waits (at most 10 s) for the process to undo its changes and exit; returns its log. */
    String stop() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IOException("jvs realserver did not stop on SIGTERM: " + log());
        }
        return log();
    }

    /** Its log so far. */
    String log() throws IOException {
        return Files.readString(log);
    }
}
