package org.jvs.heartbeat.resource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jvs.ldirectord.Ldirectord;

/**
 * The haresources resource {@code ldirectord[::CONFIG]}, built in: jvs's ldirectord, called as the
 * ldirectord package's resource script calls the real one ({@code ldirectord [CONFIG]
 * start|stop|status}). jvs's {@code start} stays in the foreground, so start launches it as a
 * process of its own (this JVM's runtime and class path, output to a log in the run directory)
 * and returns once {@code status} says it runs; stop and status are ldirectord's own commands.
 * Thread-safe.
 */
final class LdirectordAgent implements ResourceAgent {
    private static final Duration START_WAIT = Duration.ofSeconds(20);

    private final List<String> args;
    private final CommandRunner runner;
    private final Path log;
    private final ResourceManager.Pause pause;

    /**
     * @param args   the haresources arguments (the configuration file, if any)
     * @param runDir where the started ldirectord's output goes
     */
    LdirectordAgent(List<String> args, CommandRunner runner, Path runDir, ResourceManager.Pause pause) {
        this.args = List.copyOf(args);
        this.runner = runner;
        this.log = runDir.resolve("ldirectord-" + (args.isEmpty() ? "ldirectord.cf" : Path.of(args.get(0)).getFileName())
                + ".out");
        this.pause = pause;
    }

    private List<String> command(String action) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Ldirectord.class.getName()));
        cmd.addAll(args);
        cmd.add(action);
        return cmd;
    }

    @Override
    public CommandRunner.Result start() {
        if (running()) {
            return new CommandRunner.Result(0, "", "");
        }
        try {
            runner.spawn(command("start"), log);
        } catch (IOException e) {
            return new CommandRunner.Result(1, "", "cannot start ldirectord: " + e.getMessage());
        }
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (running()) {
                return new CommandRunner.Result(0, "", "");
            }
            pause.sleep(200);
        }
        return new CommandRunner.Result(1, "", "ldirectord did not start; see " + log);
    }

    @Override
    public CommandRunner.Result stop() {
        return runner.run(command("stop"), START_WAIT);
    }

    @Override
    public boolean running() {
        // ldirectord's status answers 0 only while it runs (3 stopped, 1 a stale PID file).
        return runner.run(command("status"), START_WAIT).exitCode() == 0;
    }

    @Override
    public String describe() {
        return ("ldirectord " + String.join(" ", args)).strip();
    }
}
