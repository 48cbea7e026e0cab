package org.jvs.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jvs.lab.Host;
import org.jvs.lab.Shell;

/**
 * One {@code ldirectord -d CONFIG start} in the foreground inside a lab host: either jvs's
 * ({@code bin/jvs ldirectord}) or the real Debian one ({@code /usr/sbin/ldirectord}, Perl). Both run
 * with {@code JVS_RUN_DIR} pointing at the director and with a working directory holding an
 * {@code ipvsadm} link to {@code bin/jvs}, which the real one runs as {@code ./ipvsadm} in debug
 * mode. The lab kills the process if a test does not stop it. Not thread-safe.
 */
final class LdirectordProcess {
    /** The Debian package's script. */
    static final Path REAL_LDIRECTORD = Path.of("/usr/sbin/ldirectord");

    /** Which implementation runs. */
    enum Kind {
        JVS, REAL
    }

    private final Kind kind;
    private final Process process;
    private final Path log;

    private LdirectordProcess(Kind kind, Process process, Path log) {
        this.kind = kind;
        this.process = process;
        this.log = log;
    }

    /** Whether the Debian ldirectord is installed (package {@code ldirectord}). */
    static boolean realAvailable() {
        return Files.isExecutable(REAL_LDIRECTORD);
    }

    /** Starts {@code kind} with {@code config} against {@code director}, logging to a file in {@code workDir}. */
    static LdirectordProcess start(Kind kind, Host host, DirectorHost director, Path config, Path workDir)
            throws IOException {
        Path bin = Files.createDirectories(workDir.resolve("ipvsadm-dropin"));
        Path link = bin.resolve("ipvsadm");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, DirectorHost.JVS);
        }
        List<String> command = kind == Kind.JVS
                ? host.wrap(DirectorHost.JVS.toString(), "ldirectord", "-d", config.toString(), "start")
                : host.wrap(REAL_LDIRECTORD.toString(), "-d", config.toString(), "start");
        Path log = workDir.resolve("ldirectord-" + kind.name().toLowerCase() + "-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(bin.toFile());
        pb.environment().put("JVS_RUN_DIR", director.runDir().toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new LdirectordProcess(kind, host.spawn(pb), log);
    }

    Kind kind() {
        return kind;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Sends SIGHUP: reread the configuration. */
    void hangUp() throws IOException {
        Shell.run(List.of("kill", "-HUP", Long.toString(process.pid())));
    }

    /** Sends SIGTERM and waits (at most 20 s) for the clean stop; returns the exit status. */
    int stop() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException(kind + " ldirectord did not stop on SIGTERM within 20 s:\n" + log());
        }
        return process.exitValue();
    }

    /** Waits (at most 20 s) until the log contains {@code text}. */
    void awaitLog(String text) throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (log().contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(this + " did not log \"" + text + "\" within 20 s:\n" + log());
    }

    /** What it logged so far (stderr and stdout). */
    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public String toString() {
        return kind + " ldirectord (pid " + process.pid() + ", log " + log + ")";
    }
}
