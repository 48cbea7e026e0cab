package org.jvs.drbd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvs.lab.Shell;

/**
 * The real tools some tests compare with (drbd-utils, libnbd-bin, nbdkit): finding them, skipping
 * with a clear message when they are missing, and running them, optionally under another host
 * name (a private UTS namespace, root only).
 */
public final class RealTools {
    /** drbd-utils' DRBD 8.4 drbdadm (the front-end picks it only when an 8.4 kernel module is loaded). */
    public static final Path DRBDADM_84 = Path.of("/lib/drbd/drbdadm-84");

    private RealTools() {
    }

    /** Skips the test unless {@code tool} (a path or a name on PATH) exists. */
    public static String require(String tool, String debianPackage) {
        String found = find(tool);
        assumeTrue(found != null, tool + " not installed (Debian package " + debianPackage + "): test skipped");
        return found;
    }

    /** Skips the test unless it runs as root. */
    public static void requireRoot(String why) {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (" + why + "): test skipped");
    }

    /** The tool's path, or null. */
    public static String find(String tool) {
        if (tool.contains("/")) {
            return Files.isExecutable(Path.of(tool)) ? tool : null;
        }
        for (String dir : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** The SHA-256 of a file's contents, hex. */
    public static String sha256(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs a clean-up command, ignoring how it ends. */
    public static void runQuietly(String... command) {
        try {
            Shell.tryRun(List.of(command));
        } catch (IOException e) {
            System.err.println("clean-up " + String.join(" ", command) + ": " + e.getMessage());
        }
    }

    /** Runs a command; returns its result whatever the exit code. */
    public static Shell.Result run(String... command) throws IOException {
        return Shell.tryRun(List.of(command));
    }

    /** Runs a command with {@code hostname} as its host name (root: a private UTS namespace). */
    public static Shell.Result runAs(String hostname, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("unshare", "--uts", "sh", "-c", "hostname \"$0\" && exec \"$@\"",
                hostname));
        cmd.addAll(List.of(command));
        return Shell.tryRun(cmd);
    }
}
