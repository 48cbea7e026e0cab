package org.jvs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts this same jvs command again as a background process and waits until it is up. */
final class Detach {
    /** How long a detached daemon may take to open its socket. */
    private static final long STARTUP_WAIT_MS = 15_000;

    private Detach() {
    }

    /**
     * Relaunches the JVM with {@code jvmArgs} (this process's arguments minus --daemon), output to
     * {@code RUN_DIR/<name>.log}, and returns 0 once {@code readyFile} exists, 1 if the child died.
     */
    static int relaunch(List<String> jvmArgs, org.jvs.common.RunDirectory runDir, Path readyFile)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmArgs);
        runDir.create();
        Path log = runDir.resolve(readyFile.getFileName().toString().replace(".sock", ".log"));
        Files.deleteIfExists(readyFile);
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        long deadline = System.currentTimeMillis() + STARTUP_WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!child.isAlive()) {
                System.err.println("jvs: the daemon exited with status " + child.exitValue() + "; see " + log);
                return 1;
            }
            if (Files.exists(readyFile)) {
                return 0;
            }
            Thread.sleep(50);
        }
        System.err.println("jvs: the daemon did not come up within " + STARTUP_WAIT_MS / 1000 + " s; see " + log);
        return 1;
    }
}
