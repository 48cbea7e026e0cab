package org.jvs.heartbeat.config;

import java.util.List;

/**
 * A {@code respawn USER COMMAND [ARGS]} (or {@code failfast}) line: a child heartbeat keeps running,
 * restarted when it exits unless its exit code is 100. Immutable.
 */
public record Respawn(String user, List<String> command, boolean failfast) {
    public Respawn {
        command = List.copyOf(command);
    }

    /** Whether this line runs heartbeat's ipfail, which jvs replaces with its built-in equivalent. */
    public boolean isIpfail() {
        return !command.isEmpty() && command.get(0).endsWith("/ipfail");
    }
}
