package org.jvs.ldirectord.check;

import java.io.IOException;

/**
 * One way of deciding whether a real server is up: a service negotiation, a connect, a ping, a
 * command. An I/O error or an expired deadline means down; the caller turns the exception into a
 * down result. Implementations are stateless and thread-safe: many checks run at once, each on its
 * own virtual thread, and must return by their target's deadline.
 */
@FunctionalInterface
public interface Check {

    /** Checks one real server. */
    CheckResult run(CheckTarget target) throws IOException, InterruptedException;
}
