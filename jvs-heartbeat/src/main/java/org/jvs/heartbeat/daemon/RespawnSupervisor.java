package org.jvs.heartbeat.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jvs.heartbeat.config.Respawn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * heartbeat's managed children ({@code respawn} and {@code failfast} lines): started once
 * communications are up as {@code sh -c "exec COMMAND"} under the named user, restarted when they
 * exit unless the exit code is 100, given up on ("respawning too fast") after more than ten quick
 * restarts (each within 30 s of its start), and stopped with SIGTERM in reverse order on shutdown.
 * A failfast child that dies abnormally triggers the reboot policy. ipfail lines are skipped: jvs
 * has it built in. Thread-safe.
 */
final class RespawnSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RespawnSupervisor.class);
    private static final long QUICK_NS = TimeUnit.SECONDS.toNanos(30);
    private static final int MAX_QUICK_RESTARTS = 10;
    private static final int DO_NOT_RESTART = 100;

    /** One managed child and its restart bookkeeping. */
    private final class Child {
        final Respawn spec;
        Process process;
        long startedNs;
        int quickRestarts;

        Child(Respawn spec) {
            this.spec = spec;
        }

        synchronized void start() {
            if (stopping) {
                return;
            }
            List<String> cmd = new ArrayList<>();
            if (!spec.user().equals(System.getProperty("user.name"))) {
                cmd.addAll(List.of("runuser", "-u", spec.user(), "--"));
            }
            cmd.addAll(List.of("sh", "-c", "exec " + String.join(" ", spec.command())));
            try {
                LOG.info("Starting child client \"{}\" as {}", String.join(" ", spec.command()), spec.user());
                process = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                startedNs = System.nanoTime();
                process.onExit().thenAccept(this::exited);
            } catch (IOException e) {
                LOG.error("Cannot exec {}: {}", String.join(" ", spec.command()), e.getMessage());
            }
        }

        synchronized void exited(Process p) {
            if (stopping) {
                return;
            }
            int code = p.exitValue();
            String command = String.join(" ", spec.command());
            if (code != 0) {
                LOG.error("Client {} exited with return code {}.", command, code);
            }
            if (spec.failfast()) {
                LOG.error("Client {} (failfast) died: this machine must reboot", command);
                failfast.run();
                return;
            }
            if (code == DO_NOT_RESTART) {
                return;
            }
            quickRestarts = System.nanoTime() - startedNs < QUICK_NS ? quickRestarts + 1 : 0;
            if (quickRestarts > MAX_QUICK_RESTARTS) {
                LOG.error("Client {} \"respawning too fast\"", command);
                quickRestarts = 0;
                return;
            }
            LOG.error("Respawning client \"{}\":", command);
            start();
        }

        synchronized void stop() {
            if (process != null && process.isAlive()) {
                process.destroy();
            }
        }
    }

    private final List<Child> children = new ArrayList<>();
    private final Runnable failfast;
    private volatile boolean stopping;
    private boolean started;

    /** @param failfast what a dying failfast child triggers (the reboot policy) */
    RespawnSupervisor(List<Respawn> lines, Runnable failfast) {
        this.failfast = failfast;
        for (Respawn r : lines) {
            if (!r.isIpfail()) {
                children.add(new Child(r));
            }
        }
    }

    /** Starts every child once (heartbeat does so when communications come up). */
    synchronized void startOnce() {
        if (!started) {
            started = true;
            children.forEach(Child::start);
        }
    }

    @Override
    public void close() {
        stopping = true;
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).stop();
        }
    }
}
