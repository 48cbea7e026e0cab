package org.jvs.heartbeat.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jvs.lab.Host;

/**
 * A heartbeat node in a lab host: a jvs daemon (its own JVM, so kill -9 is real) or Debian's
 * heartbeat 3.0.6 (with the private /etc/ha.d, /var/lib/heartbeat and /run the lab notes describe).
 * Config files are written into a per-node directory. Not thread-safe.
 */
final class LabNode {
    private static final Path REAL_HEARTBEAT = Path.of("/usr/libexec/heartbeat/heartbeat");

    final Host host;
    final String name;
    final Path dir;
    final boolean debian;
    private Process process;

    private LabNode(Host host, String name, Path dir, boolean debian) {
        this.host = host;
        this.name = name;
        this.dir = dir;
        this.debian = debian;
    }

    static boolean debianAvailable() {
        return Files.isExecutable(REAL_HEARTBEAT);
    }

    /** A node whose configuration lives in {@code dir} (created; for Debian, a copy of /etc/ha.d). */
    static LabNode create(Host host, String name, Path dir, boolean debian) throws IOException {
        Files.createDirectories(dir);
        if (debian) {
            Shell.run("cp", "-a", "/etc/ha.d", dir.resolve("conf").toString());
            Shell.run("cp", "-a", "/var/lib/heartbeat", dir.resolve("state").toString());
        } else {
            Files.createDirectories(dir.resolve("conf/resource.d"));
            Files.writeString(dir.resolve("conf/nodeinfo"), name + "\n");
        }
        return new LabNode(host, name, dir, debian);
    }

    Path conf() {
        return dir.resolve("conf");
    }

    void write(String file, String text) throws IOException {
        Files.writeString(conf().resolve(file), text);
        if (file.equals("authkeys")) {
            Files.setPosixFilePermissions(conf().resolve(file), PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Adds an executable resource script. */
    void script(String file, String text) throws IOException {
        Path p = conf().resolve("resource.d").resolve(file);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    void start() throws IOException {
        Path log = dir.resolve(debian ? "out.log" : "jvs.log");
        if (debian) {
            // Private mounts and host name; heartbeat daemonizes, so the shell waits for its master.
            String script = "hostname " + name + "; mount --bind " + conf() + " /etc/ha.d; mount --bind "
                    + dir.resolve("state") + " /var/lib/heartbeat; mount -t tmpfs tmpfs /run;"
                    + " mkdir -p /run/heartbeat/ccm /run/heartbeat/dopd /run/heartbeat/rsctmp;"
                    + " chown hacluster:haclient /run/heartbeat/ccm /run/heartbeat/dopd; " + REAL_HEARTBEAT + ";"
                    + " sleep 1; while [ -e /run/heartbeat.pid ]; do sleep 0.2; done";
            process = host.spawn(log, "unshare", "--uts", "--mount", "sh", "-c", script);
        } else {
            String java = ProcessHandle.current().info().command().orElse("java");
            process = host.spawn(log, "env", "JVS_RUN_DIR=" + dir.resolve("run"),
                    HeartbeatDaemon.FAILED_STOP_ENV + "=halt", java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"),
                    "-Dorg.slf4j.simpleLogger.showDateTime=true", "org.jvs.heartbeat.Heartbeat", "--config-dir",
                    conf().toString(), "start");
        }
    }

    /** kill -9 of every process of the node (its host namespace holds nothing else). */
    void kill9() throws IOException {
        for (String pid : Shell.run("ip", "netns", "pids", host.namespace()).split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** {@code jvs heartbeat CMD} against this (jvs) node; returns its output. */
    String jvs(String... cmd) throws IOException {
        List<String> c = new ArrayList<>(List.of("env", "JVS_RUN_DIR=" + dir.resolve("run"),
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                "org.jvs.heartbeat.Heartbeat", "--config-dir", conf().toString()));
        c.addAll(List.of(cmd));
        var r = host.tryRun(c.toArray(String[]::new));
        return r.stdout() + r.stderr();
    }

    /** The log so far. */
    String log() throws IOException {
        Path p = debian ? dir.resolve("ha-log") : dir.resolve("jvs.log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    boolean holds(String ip) throws IOException {
        return host.run("ip", "-o", "-4", "addr", "show").contains(" " + ip + "/");
    }

    String mac(String dev) throws IOException {
        // /sys shows the namespace that mounted it, so ask ip from inside the host instead.
        String link = host.run("ip", "-o", "link", "show", "dev", dev);
        int i = link.indexOf("link/ether ");
        return link.substring(i + "link/ether ".length(), i + "link/ether ".length() + 17);
    }

    /** Polls {@code condition} every 20 ms; fails with the node logs after {@code limit}. */
    static void await(Duration limit, String what, BooleanSupplier condition, LabNode... logs) throws IOException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                StringBuilder sb = new StringBuilder("timed out waiting for " + what);
                for (LabNode n : logs) {
                    sb.append("\n--- ").append(n.name).append(" ---\n").append(tail(n.log(), 60));
                }
                throw new AssertionError(sb.toString());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    private static String tail(String s, int lines) {
        String[] l = s.split("\n");
        return String.join("\n", java.util.Arrays.asList(l).subList(Math.max(0, l.length - lines), l.length));
    }

    /** Runs commands on the machine itself. */
    static final class Shell {
        private Shell() {
        }

        static String run(String... cmd) throws IOException {
            return org.jvs.lab.Shell.run(List.of(cmd));
        }
    }
}
