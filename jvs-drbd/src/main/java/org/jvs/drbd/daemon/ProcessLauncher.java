package org.jvs.drbd.daemon;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvs.common.RunDirectory;

/**
 * Starts a resource's daemon as a separate JVM with this one's class path, detached, its output
 * appended to {@code RUN/drbd/RES.log}, and waits until its control socket answers (or prints what
 * the daemon logged when it died). Stateless; thread-safe.
 */
public final class ProcessLauncher implements DaemonLauncher {
    private static final long START_TIMEOUT_MS = 60_000;
    private final Map<String, String> env;

    /** A launcher passing {@code env} (JVS_RUN_DIR among it) to the daemon. */
    public ProcessLauncher(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public int launch(Path config, String resource, String hostname, RunDirectory run, PrintStream err) throws IOException {
        run.create();
        Path dir = NodeDaemon.directory(run);
        Files.createDirectories(dir);
        Path log = dir.resolve(resource + ".log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), DrbdDaemon.class.getName(), "-c", config.toAbsolutePath().toString(),
                "--host", hostname, resource));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        pb.environment().put(RunDirectory.ENV, run.path().toString());
        Process p = pb.start();
        Path socket = NodeDaemon.controlSocket(run, resource);
        long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000;
        try {
            while (System.nanoTime() < deadline) {
                if (Files.exists(socket)) {
                    return 0;
                }
                if (!p.isAlive()) {
                    err.print(tail(log, logStart));
                    return p.exitValue() == 0 ? 10 : p.exitValue();
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.println(resource + ": the daemon did not come up; see " + log);
        return 10;
    }

    private static String tail(Path log, long from) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            f.seek(from);
            byte[] b = new byte[(int) Math.min(64 * 1024, f.length() - from)];
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
