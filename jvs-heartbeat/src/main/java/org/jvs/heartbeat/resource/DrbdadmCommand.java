package org.jvs.heartbeat.resource;

import java.util.List;

/**
 * Runs {@code drbdadm ARGS} for the drbddisk resource (drbddisk's {@code $DRBDADM}). Implementations
 * block until the command ends, never throw, and must be thread-safe.
 */
@FunctionalInterface
public interface DrbdadmCommand {
    /** Runs drbdadm with {@code args}; the result carries its exit status and output. */
    CommandRunner.Result run(List<String> args);
}
