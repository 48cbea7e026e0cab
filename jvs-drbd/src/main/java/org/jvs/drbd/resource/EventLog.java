package org.jvs.drbd.resource;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resource's event lines in the kernel's words ("block drbd1: Resync done ..."), sent to the
 * log and the last 500 kept for {@code drbdadm events} and tests. Thread-safe.
 */
final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(Resource.class);
    private static final int LINES = 500;
    private final Deque<String> recent = new ArrayDeque<>();

    void add(String line) {
        LOG.info(line);
        synchronized (recent) {
            recent.addLast(line);
            while (recent.size() > LINES) {
                recent.removeFirst();
            }
        }
    }

    List<String> lines() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
