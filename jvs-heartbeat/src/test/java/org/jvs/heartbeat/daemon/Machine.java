package org.jvs.heartbeat.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvs.lab.Host;
import org.jvs.lab.Shell;

/**
 * A whole node in a lab host: its network namespace plus its own host name (UTS namespace) and
 * mount namespace, held by a sleeping process, with bind mounts over files of /etc. Everything
 * started in it shares those namespaces, so its mounts are its own, and {@link #kill9} is the
 * machine's death. Not thread-safe.
 */
final class Machine {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    final Host host;
    final String name;
    final Path runDir;
    private final long holder;

    private Machine(Host host, String name, Path runDir, long holder) {
        this.host = host;
        this.name = name;
        this.runDir = runDir;
        this.holder = holder;
    }

    /**
     * Starts the machine {@code name} in {@code host} with {@code binds} (target file in the machine →
     * source file) mounted; its jvs run directory is {@code runDir}.
     */
    static Machine start(Host host, String name, Path runDir, Path log, List<Path[]> binds)
            throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("hostname " + name);
        for (Path[] b : binds) {
            script.append(" && mount --bind ").append(b[1]).append(' ').append(b[0]);
        }
        // The shell becomes the sleeper (exec), so the process's PID is the holder of the namespaces.
        script.append(" && exec sleep 3600");
        Process p = host.spawn(log, "unshare", "--uts", "--mount", "--propagation", "private", "sh", "-c",
                script.toString());
        for (int i = 0; i < 500 && p.isAlive() && !comm(p.pid()).equals("sleep"); i++) {
            Thread.sleep(10);
        }
        if (!comm(p.pid()).equals("sleep")) {
            throw new IOException("machine " + name + " did not come up; see " + log);
        }
        return new Machine(host, name, runDir, p.pid());
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The command line running {@code cmd} in the machine with its run directory. */
    private List<String> inside(String... cmd) {
        List<String> c = new ArrayList<>(List.of("nsenter", "-t", String.valueOf(holder), "-u", "-m", "--", "env",
                "JVS_RUN_DIR=" + runDir));
        c.addAll(List.of(cmd));
        return c;
    }

    /** Runs a command in the machine; returns its result whatever the exit code. */
    Shell.Result run(String... cmd) throws IOException {
        return host.tryRun(inside(cmd).toArray(String[]::new));
    }

    /** Starts a long-running command in the machine (the lab kills it on close). */
    Process spawn(Path log, String... cmd) throws IOException {
        return host.spawn(log, inside(cmd).toArray(String[]::new));
    }

    /** A Java main class of this test's class path, in the machine. */
    String[] java(String mainClass, String... args) {
        List<String> c = new ArrayList<>(List.of(JAVA, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), mainClass));
        c.addAll(List.of(args));
        return c.toArray(String[]::new);
    }

    /** {@code jvs drbdadm ARGS} in the machine. */
    Shell.Result drbdadm(String... args) throws IOException {
        return run(java(DrbdadmMain.class.getName(), args));
    }

    /** Reads a file as the machine sees it (its own mounts), or "" when it cannot. */
    String read(String file) throws IOException {
        Shell.Result r = run("cat", file);
        return r.exitCode() == 0 ? r.stdout() : "";
    }

    /** Whether {@code directory} is a mount point in the machine. */
    boolean mounted(String directory) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + holder + "/mounts")).stream()
                .anyMatch(l -> l.split(" ")[1].equals(directory));
    }

    /**
     * kill -9 of every process of the machine (the holder among them) and of its host namespace.
     * nbdfuse goes first and alone: the last process to leave a mount namespace unmounts its file
     * systems, and an ext4 on a loop device over nbdfuse's own file would then wait for nbdfuse
     * forever (sync() on the whole machine with it).
     */
    void kill9() throws IOException, InterruptedException {
        List<ProcessHandle> all = new ArrayList<>();
        for (String pid : Shell.run(List.of("ip", "netns", "pids", host.namespace())).split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(all::add);
            }
        }
        List<ProcessHandle> fuse = all.stream().filter(p -> comm(p.pid()).equals("nbdfuse")).toList();
        fuse.forEach(ProcessHandle::destroyForcibly);
        for (int i = 0; i < 500 && !fuse.stream().allMatch(p -> exited(p.pid())); i++) {
            Thread.sleep(10);
        }
        all.forEach(ProcessHandle::destroyForcibly);
    }

    /** Whether every thread of {@code pid} has exited (its files closed), reaped or not. */
    private static boolean exited(long pid) {
        try {
            String status = Files.readString(Path.of("/proc/" + pid + "/status"));
            return status.contains("\nState:\tZ") && status.contains("\nThreads:\t1\n");
        } catch (IOException e) {
            return true;
        }
    }
}
