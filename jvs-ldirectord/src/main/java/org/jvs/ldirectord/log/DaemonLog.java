package org.jvs.ldirectord.log;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * ldirectord's {@code ld_log}: with {@code -d} messages go to standard error as they are; with
 * {@code supervised=yes} to standard output as {@code [localtime] message}; with a log file (a path
 * starting with '/') each line is appended as {@code [localtime|cfgname|pid] message}, the file
 * reopened for every line so that log rotation works; otherwise {@code logfile} names a syslog
 * facility and lines go to {@code /dev/log} at level info with ident {@code ldirectord[pid]}.
 * A line that cannot be written goes to standard error. Thread-safe.
 */
public final class DaemonLog implements LdLog {
    /** The debug level of {@code -d}. */
    public static final int DEBUG_LEVEL = 3;

    private final String logfile;
    private final String cfgName;
    private final long pid;
    private final boolean debug;
    private final boolean supervised;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;
    private final Syslog syslog;

    /**
     * @param logfile the {@code logfile} value: a path, or a syslog facility
     * @param syslog the syslog socket used when {@code logfile} is a facility
     */
    public DaemonLog(String logfile, String cfgName, long pid, boolean debug, boolean supervised, Clock clock,
                     PrintStream out, PrintStream err, Syslog syslog) {
        this.logfile = logfile;
        this.cfgName = cfgName;
        this.pid = pid;
        this.debug = debug;
        this.supervised = supervised;
        this.clock = clock;
        this.out = out;
        this.err = err;
        this.syslog = syslog;
    }

    @Override
    public synchronized void log(String message) {
        String m = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
        if (debug) {
            debug(2, m);
            err.println(m);
        } else if (supervised) {
            out.println("[" + LocalTime.now(clock) + "] " + m);
        } else if (logfile.startsWith("/")) {
            try {
                Files.writeString(Path.of(logfile), "[" + LocalTime.now(clock) + "|" + cfgName + "|" + pid + "] " + m + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                err.println(m);
            }
        } else {
            try {
                syslog.send(logfile, m);
            } catch (IOException e) {
                err.println(m);
            }
        }
    }

    @Override
    public void debug(int level, String message) {
        if (debug && level <= DEBUG_LEVEL) {
            err.println("DEBUG" + level + ": " + message);
        }
    }
}
