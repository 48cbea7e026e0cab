package org.jvs.realserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvs.lab.Host;
import org.jvs.lab.Shell;

/**
 * A real director for the real servers to serve: {@code bin/jvs director} in a lab host with its own
 * run directory, and {@code bin/jvs ipvsadm} against it. The lab stops it on close.
 */
final class LabDirector {
    /** The top of the work tree, from this module's directory, where tests run. */
    private static final Path TOP = Path.of("..").toAbsolutePath().normalize();
    private static final Path JVS = TOP.resolve("bin/jvs");
    private static final Path JAR = TOP.resolve("jvs-cli/target/jvs.jar");
    private static final int MAX_WAITS = 200;

    private final Host host;
    private final Path runDir;

    private LabDirector(Host host, Path runDir) {
        this.host = host;
        this.runDir = runDir;
    }

    /** Whether bin/jvs has a jar to run. */
    static boolean launcherBuilt() {
        return Files.isRegularFile(JAR);
    }

    /** Starts the director in {@code host} and waits (at most 20 s) for its control socket. */
    static LabDirector start(Host host, Path workDir) throws IOException, InterruptedException {
        Path runDir = workDir.resolve("run-" + host.name());
        Path log = workDir.resolve("director-" + host.name() + ".log");
        ProcessBuilder pb = new ProcessBuilder(host.wrap(JVS.toString(), "director"));
        pb.environment().put("JVS_RUN_DIR", runDir.toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = host.spawn(pb);
        for (int i = 0; i < MAX_WAITS && !Files.exists(runDir.resolve("director.sock")); i++) {
            if (!p.isAlive()) {
                throw new IOException("director exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        if (!Files.exists(runDir.resolve("director.sock"))) {
            throw new IOException("director did not open its control socket: " + Files.readString(log));
        }
        return new LabDirector(host, runDir);
    }

    /** Runs {@code jvs ipvsadm ARGS} against this director; returns its output, throws when it fails. */
    String ipvsadm(String... args) throws IOException {
        List<String> command = new ArrayList<>(host.wrap("env", "JVS_RUN_DIR=" + runDir, JVS.toString(), "ipvsadm"));
        command.addAll(List.of(args));
        Shell.Result r = Shell.tryRun(command);
        if (r.exitCode() != 0) {
            throw new IOException("ipvsadm " + String.join(" ", args) + " exited " + r.exitCode() + ": " + r.stderr());
        }
        return r.stdout();
    }
}
