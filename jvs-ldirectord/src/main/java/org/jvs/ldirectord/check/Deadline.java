package org.jvs.ldirectord.check;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The instant by which a check must be over, like ldirectord's {@code alarm}: cumulative over every
 * connect, read and write of the check, so a server that trickles bytes cannot stretch it.
 * Immutable; uses the monotonic clock because it bounds real socket waits.
 */
public final class Deadline {
    private final long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    /** A deadline {@code timeout} from now. */
    public static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /** Milliseconds left, at least 1; throws once the deadline has passed. */
    public int remainingMillis() throws SocketTimeoutException {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("timed out");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
    }

    /** Whether the deadline has passed. */
    public boolean expired() {
        return endNanos - System.nanoTime() <= 0;
    }

    /** The earlier of this deadline and one {@code timeout} from now. */
    public Deadline atMost(Duration timeout) {
        long other = System.nanoTime() + timeout.toNanos();
        return other - endNanos < 0 ? new Deadline(other) : this;
    }
}
