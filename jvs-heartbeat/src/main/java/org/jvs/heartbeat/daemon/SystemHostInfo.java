package org.jvs.heartbeat.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jvs.heartbeat.cluster.HostInfo;

/** The real wall clock and /proc/loadavg. Thread-safe. */
final class SystemHostInfo implements HostInfo {
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    /** heartbeat reads at most 63 bytes of it. */
    private static final int MAX_LOADAVG = 63;

    @Override
    public long wallClockSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    @Override
    public String loadAverage() {
        try {
            String s = Files.readString(LOADAVG, StandardCharsets.US_ASCII);
            int nl = s.indexOf('\n');
            s = nl >= 0 ? s.substring(0, nl) : s;
            return s.length() > MAX_LOADAVG ? s.substring(0, MAX_LOADAVG) : s;
        } catch (IOException e) {
            return "n/a";
        }
    }
}
