package org.jvs.ldirectord.log;

/**
 * Where ldirectord's messages go: "Added real server: ...", "Deleted real server: ..." and the
 * rest, formatted for the configured destination. Implementations are thread-safe.
 */
public interface LdLog {

    /** Logs one message (a trailing newline is dropped). */
    void log(String message);

    /** A debug message, shown only in {@code -d} mode when {@code level} is at most 3. */
    void debug(int level, String message);
}
