package org.jvs.ipvs.conn;

/**
 * What the data plane does with a packet that got no connection handle from {@link IpvsCore}.
 * Handles are never negative, so one int carries either a handle or one of these codes.
 */
public final class Verdict {
    /** Not for IPVS (no service, or a TCP segment that does not open a connection): hand it to the host. */
    public static final int PASS = -1;
    /** Drop silently (real server deleted, table full). */
    public static final int DROP = -2;
    /** No real server available: answer ICMP(v6) port unreachable, for TCP and UDP alike, then drop. */
    public static final int UNREACHABLE = -3;

    private Verdict() {
    }

    /** Whether {@code result} is a connection handle rather than a verdict. */
    public static boolean isConnection(int result) {
        return result >= 0;
    }
}
