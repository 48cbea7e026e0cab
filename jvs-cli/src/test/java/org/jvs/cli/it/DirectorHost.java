package org.jvs.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvs.lab.Host;
import org.jvs.lab.Shell;

/**
 * A real {@code bin/jvs director} process running inside a lab host, with its own run directory,
 * and {@code bin/jvs ipvsadm} run against it. The lab stops the process when it closes.
 */
final class DirectorHost {
    /** The launcher, relative to the jvs-cli module where failsafe runs. */
    static final Path JVS = Path.of("..", "bin", "jvs").toAbsolutePath().normalize();

    private final Host host;
    private final Path runDir;
    private final Path log;

    private DirectorHost(Host host, Path runDir, Path log) {
        this.host = host;
        this.runDir = runDir;
        this.log = log;
    }

    /** Starts the director in {@code host} and waits (at most 20 s) for its control socket. */
    static DirectorHost start(Host host, Path workDir) throws IOException, InterruptedException {
        Path runDir = workDir.resolve("run-" + host.name());
        Path log = workDir.resolve("director-" + host.name() + ".log");
        ProcessBuilder pb = new ProcessBuilder(host.wrap(JVS.toString(), "director"));
        pb.environment().put("JVS_RUN_DIR", runDir.toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = host.spawn(pb);
        Path socket = runDir.resolve("director.sock");
        for (int i = 0; i < 200 && !Files.exists(socket); i++) {
            if (!p.isAlive()) {
                throw new IOException("director exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        if (!Files.exists(socket)) {
            throw new IOException("director did not open its socket: " + Files.readString(log));
        }
        return new DirectorHost(host, runDir, log);
    }

    /** Runs {@code jvs ipvsadm ARGS} against this director; returns stdout, throws when it fails. */
    String ipvsadm(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(host.wrap("env", "JVS_RUN_DIR=" + runDir, JVS.toString(), "ipvsadm"));
        cmd.addAll(List.of(args));
        Shell.Result r = Shell.tryRun(cmd);
        if (r.exitCode() != 0) {
            throw new IOException("ipvsadm " + String.join(" ", args) + " exited " + r.exitCode() + ": " + r.stderr());
        }
        return r.stdout();
    }

    /** The director's run directory: {@code JVS_RUN_DIR} for commands that talk to it. */
    Path runDir() {
        return runDir;
    }

    /** The director's log so far. */
    String log() throws IOException {
        return Files.readString(log);
    }
}
