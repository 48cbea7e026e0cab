package org.jvs.ldirectord.testing;

import java.util.ArrayList;
import java.util.List;
import org.jvs.ldirectord.log.LdLog;

/** Keeps logged lines in memory so tests can read what ldirectord would have logged. Thread-safe. */
public final class RecordingLog implements LdLog {
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void log(String message) {
        lines.add(message);
    }

    @Override
    public void debug(int level, String message) {
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines logged since the last call. */
    public synchronized List<String> drain() {
        List<String> out = List.copyOf(lines);
        lines.clear();
        return out;
    }
}
