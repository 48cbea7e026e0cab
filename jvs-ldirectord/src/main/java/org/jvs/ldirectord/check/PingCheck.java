package org.jvs.ldirectord.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ping check: ICMP echo, {@code checkcount} attempts of checktimeout each; the first reply is up.
 * {@link java.net.InetAddress#isReachable} sends a real ICMP echo (raw socket) only when the process
 * runs as root — otherwise it silently tries TCP port 7 instead, which is not a ping — so this check
 * refuses to run without root and reports the server down, with the reason as message. As in
 * ldirectord, a failed ping is not written to the monitor file. Thread-safe.
 */
final class PingCheck implements Check {
    private final boolean root;

    PingCheck(boolean root) {
        this.root = root;
    }

    /** A ping check for this process: real ICMP when it runs as root. */
    static PingCheck forThisProcess() {
        return new PingCheck(effectiveUidIsRoot());
    }

    /** Whether this check sends real ICMP. */
    boolean isRoot() {
        return root;
    }

    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        if (!root) {
            return CheckResult.down("ping needs root (ICMP echo needs a raw socket)");
        }
        int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, t.checkTimeout().toMillis()));
        for (int attempt = 0; attempt < t.check().checkCount(); attempt++) {
            if (t.inet().isReachable(timeoutMs)) {
                return CheckResult.up(CheckResult.NO_MESSAGE);
            }
        }
        return CheckResult.unmonitored(false);
    }

    private static boolean effectiveUidIsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
