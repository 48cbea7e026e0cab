package org.jvs.heartbeat.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jvs.common.PidFile;
import org.jvs.heartbeat.config.HeartbeatConfig;

/**
 * The command-line side of {@code jvs heartbeat}: starts the daemon in the foreground or sends a
 * command to the running one, printing what heartbeat's tools print and returning LSB exit codes.
 * Stateless apart from its streams.
 */
public final class HeartbeatCommands {
    private static final long STOP_WAIT_MS = TimeUnit.MINUTES.toMillis(10);

    private final Path state;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public HeartbeatCommands(Path state, PrintStream out, PrintStream err, Map<String, String> env) {
        this.state = state;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Runs the daemon in the foreground. */
    public int start(HeartbeatConfig config) throws IOException {
        PidFile pid = HeartbeatDaemon.pidFile(state);
        Optional<ProcessHandle> running = pid.process();
        if (running.isPresent()) {
            out.println("heartbeat: already running [pid " + running.get().pid() + "]");
            return 0;
        }
        try {
            return new HeartbeatDaemon(config, state, env).run();
        } catch (IOException e) {
            err.println("heartbeat: " + e.getMessage());
            err.println("Heartbeat not started.");
            return 1;
        }
    }

    /** stop, status or reload. */
    public int simple(String cmd) throws IOException {
        PidFile pid = HeartbeatDaemon.pidFile(state);
        PidFile.Status st = pid.status();
        if (st != PidFile.Status.RUNNING) {
            return notRunning(cmd, st);
        }
        ControlReply reply;
        try {
            reply = ControlClient.send(HeartbeatDaemon.controlSocket(state), cmd.toUpperCase(java.util.Locale.ROOT));
        } catch (SocketException e) {
            err.println("heartbeat: cannot reach the daemon: " + e.getMessage());
            return 1;
        }
        out.print(reply.text());
        if (cmd.equals("stop") && reply.exitCode() == 0) {
            return waitForExit(pid);
        }
        return reply.exitCode();
    }

    /** {@code hb_standby SET} / {@code hb_takeover SET}. */
    public int standbyOrTakeover(String cmd, String set) throws IOException {
        PidFile pid = HeartbeatDaemon.pidFile(state);
        if (pid.status() != PidFile.Status.RUNNING) {
            err.println("heartbeat is not running.");
            return 1;
        }
        // hb_standby turns failback into foreign; hb_takeover sends it as given.
        String wire = cmd.equals("standby") && set.equals("failback") ? "foreign" : set;
        if (cmd.equals("standby")) {
            out.println("Going standby [" + wire + "].");
        }
        ControlReply reply = ControlClient.send(HeartbeatDaemon.controlSocket(state),
                cmd.toUpperCase(java.util.Locale.ROOT) + " " + wire);
        out.print(reply.text());
        return reply.exitCode();
    }

    private int notRunning(String cmd, PidFile.Status st) {
        switch (cmd) {
            case "status" -> {
                out.println(st == PidFile.Status.STALE ? "heartbeat dead but pid file exists"
                        : "heartbeat is stopped. No process");
                return st == PidFile.Status.STALE ? 1 : 3;
            }
            case "stop" -> {
                out.println("Heartbeat not running");
                return 0;
            }
            default -> {
                err.println("heartbeat is not running.");
                return 7;
            }
        }
    }

    private int waitForExit(PidFile pid) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MS);
        Optional<ProcessHandle> p = pid.process();
        while (p.isPresent() && p.get().isAlive() && System.nanoTime() < deadline) {
            try {
                p.get().onExit().get(200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // still stopping: it is handing its resources over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        if (p.isPresent() && p.get().isAlive()) {
            err.println("heartbeat: still stopping after " + STOP_WAIT_MS / 1000 + " s");
            return 1;
        }
        return 0;
    }
}
