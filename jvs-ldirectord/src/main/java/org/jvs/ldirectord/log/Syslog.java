package org.jvs.ldirectord.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Syslog over the local socket, as Perl's Sys::Syslog with {@code setlogsock("unix")}: one datagram
 * {@code <PRI>Mmm dd hh:mm:ss ldirectord[pid]: message} per line to {@code /dev/log}, at level info
 * of the configured facility. Thread-safe.
 */
public final class Syslog {
    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog",
            "lpr", "news", "uucp", "cron", "authpriv", "ftp");
    private static final int INFO = 6;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    private final Path socket;
    private final long pid;
    private final Clock clock;

    public Syslog(Path socket, long pid, Clock clock) {
        this.socket = socket;
        this.pid = pid;
        this.clock = clock;
    }

    /** Syslog through {@code /dev/log}. */
    public static Syslog devLog(long pid, Clock clock) {
        return new Syslog(Path.of("/dev/log"), pid, clock);
    }

    /** Sends one line at level info of {@code facility} (user when the name is unknown). */
    public void send(String facility, String message) throws IOException {
        int pri = facilityCode(facility) * 8 + INFO;
        String line = "<" + pri + ">" + STAMP.format(ZonedDateTime.now(clock)) + " ldirectord[" + pid + "]: " + message;
        UnixDatagram.send(socket, line.getBytes(StandardCharsets.UTF_8));
    }

    /** The facility number of a name: kern=0 ... ftp=11, local0..local7=16..23. */
    static int facilityCode(String name) {
        int i = FACILITIES.indexOf(name);
        if (i >= 0) {
            return i;
        }
        if (name.matches("local[0-7]")) {
            return 16 + (name.charAt(5) - '0');
        }
        return 1;
    }
}
