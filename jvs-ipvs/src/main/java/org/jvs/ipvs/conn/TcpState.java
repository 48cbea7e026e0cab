package org.jvs.ipvs.conn;

/**
 * The IPVS TCP connection states (IP_VS_TCP_S_*) in the kernel's order, with the names
 * {@code ipvsadm -Lc} prints, the default timeouts in seconds and whether a connection in the
 * state counts in ActiveConn (ESTABLISHED, SYN_SENT, SYN_RECV, SYNACK) or in InActConn.
 */
public enum TcpState {
    NONE("NO", "NONE", 2, false),
    ESTABLISHED("ES", "ESTABLISHED", 900, true),
    SYN_SENT("SS", "SYN_SENT", 120, true),
    SYN_RECV("SR", "SYN_RECV", 60, true),
    FIN_WAIT("FW", "FIN_WAIT", 120, false),
    TIME_WAIT("TW", "TIME_WAIT", 120, false),
    CLOSE("CL", "CLOSE", 10, false),
    CLOSE_WAIT("CW", "CLOSE_WAIT", 60, false),
    LAST_ACK("LA", "LAST_ACK", 30, false),
    LISTEN("LI", "LISTEN", 120, false),
    SYNACK("SA", "SYNACK", 120, true);

    private static final TcpState[] BY_CODE = values();
    private static final boolean[] ACTIVE = new boolean[BY_CODE.length];

    static {
        for (TcpState s : BY_CODE) {
            ACTIVE[s.ordinal()] = s.active;
        }
    }

    private final String abbreviation;
    private final String label;
    private final int defaultTimeoutSec;
    private final boolean active;

    TcpState(String abbreviation, String label, int defaultTimeoutSec, boolean active) {
        this.abbreviation = abbreviation;
        this.label = label;
        this.defaultTimeoutSec = defaultTimeoutSec;
        this.active = active;
    }

    /** The kernel's state number, as stored in the table and sent by the sync protocol. */
    public int code() {
        return ordinal();
    }

    /** The two-letter name of the kernel's transition tables (sNO, sES, ...), without the s. */
    public String abbreviation() {
        return abbreviation;
    }

    /** The name {@code ipvsadm -Lc} prints. */
    public String label() {
        return label;
    }

    /** The kernel's default timeout of the state in seconds. */
    public int defaultTimeoutSec() {
        return defaultTimeoutSec;
    }

    /** Whether a connection in this state counts in ActiveConn. */
    public boolean active() {
        return active;
    }

    /** The state with this kernel number; throws for numbers outside 0..10. */
    public static TcpState ofCode(int code) {
        return BY_CODE[code];
    }

    /** Whether the state with this number counts in ActiveConn; false for unknown numbers. */
    static boolean isActive(int code) {
        return code >= 0 && code < ACTIVE.length && ACTIVE[code];
    }
}
