package org.jvs.heartbeat.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects the errors of one parse so all of them can be reported together. Not thread-safe. */
final class Problems {
    private final Path file;
    private final List<ConfigException.Problem> found = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    void add(int line, String reason) {
        found.add(new ConfigException.Problem(file, line, reason));
    }

    boolean any() {
        return !found.isEmpty();
    }

    /** Throws when anything was collected. */
    void throwIfAny() throws ConfigException {
        if (!found.isEmpty()) {
            throw new ConfigException(found);
        }
    }
}
