package org.jvs.ldirectord.alert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.jvs.ldirectord.log.LocalTime;

/**
 * The {@code monitorfile} of a virtual service, written as ldirectord's code writes it (its manual
 * describes another format): {@code [localtime] [pid] <real id, ':' runs as one space, no
 * backslashes> [up|down] <message>}, with '%', '|', CR and LF in the message escaped as {@code %xx}.
 * Thread-safe (one append per line).
 */
public final class MonitorFile {
    private final long pid;
    private final Clock clock;

    public MonitorFile(long pid, Clock clock) {
        this.pid = pid;
        this.clock = clock;
    }

    /** Appends one check outcome. */
    public void record(Path file, String realId, boolean up, String message) throws IOException {
        String line = "[" + LocalTime.now(clock) + "] [" + pid + "] " + realId.replaceAll(":+", " ").replace("\\", "")
                + " [" + (up ? "up" : "down") + "] " + escape(message) + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    static String escape(String message) {
        StringBuilder b = new StringBuilder(message.length());
        for (char c : message.toCharArray()) {
            if (c == '%' || c == '|' || c == '\r' || c == '\n') {
                b.append(String.format("%%%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
