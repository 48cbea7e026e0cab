package org.jvs.drbd.state;

/**
 * DRBD 8.4's connection states (the "cs:" of /proc/drbd), which fold the replication state into
 * the connection; {@link #connection9()} and {@link #replication9()} give DRBD 9's split for
 * {@code drbdadm status}.
 */
public enum ConnectionState {
    /** No network configuration; will not connect. */
    STAND_ALONE("StandAlone"),
    /** Being torn down by the administrator. */
    DISCONNECTING("Disconnecting"),
    /** Between connection attempts. */
    UNCONNECTED("Unconnected"),
    /** The peer stopped answering. */
    TIMEOUT("Timeout"),
    /** The connection broke. */
    BROKEN_PIPE("BrokenPipe"),
    /** The network failed. */
    NETWORK_FAILURE("NetworkFailure"),
    /** The peer sent something that makes no sense. */
    PROTOCOL_ERROR("ProtocolError"),
    /** The peer is closing the connection. */
    TEAR_DOWN("TearDown"),
    /** Waiting for the peer to connect. */
    WF_CONNECTION("WFConnection"),
    /** Connected, exchanging parameters. */
    WF_REPORT_PARAMS("WFReportParams"),
    /** Connected, replicating, in sync. */
    CONNECTED("Connected"),
    /** Starting a resync as source. */
    STARTING_SYNC_S("StartingSyncS"),
    /** Starting a resync as target. */
    STARTING_SYNC_T("StartingSyncT"),
    /** Exchanging bitmaps, will be source. */
    WF_BITMAP_S("WFBitMapS"),
    /** Exchanging bitmaps, will be target. */
    WF_BITMAP_T("WFBitMapT"),
    /** Waiting for the sync UUID from the source. */
    WF_SYNC_UUID("WFSyncUUID"),
    /** Sending the blocks the peer lacks. */
    SYNC_SOURCE("SyncSource"),
    /** Receiving the blocks this node lacks. */
    SYNC_TARGET("SyncTarget"),
    /** Running online verify, driving it. */
    VERIFY_S("VerifyS"),
    /** Running online verify for the peer. */
    VERIFY_T("VerifyT"),
    /** Resync paused, source. */
    PAUSED_SYNC_S("PausedSyncS"),
    /** Resync paused, target. */
    PAUSED_SYNC_T("PausedSyncT"),
    /** Congestion: no longer replicating, only marking. */
    AHEAD("Ahead"),
    /** The peer is Ahead. */
    BEHIND("Behind");

    private final String label;

    ConnectionState(String label) {
        this.label = label;
    }

    /** The 8.4 name ("cs:"). */
    public String label() {
        return label;
    }

    /** Whether the peer is connected (WFReportParams and beyond). */
    public boolean connected() {
        return ordinal() >= WF_REPORT_PARAMS.ordinal();
    }

    /** Whether a resync is running or paused. */
    public boolean syncing() {
        return this == SYNC_SOURCE || this == SYNC_TARGET || this == PAUSED_SYNC_S || this == PAUSED_SYNC_T;
    }

    /** Whether an online verify is running. */
    public boolean verifying() {
        return this == VERIFY_S || this == VERIFY_T;
    }

    /** DRBD 9's connection state: StandAlone, ..., Connecting, Connected. */
    public String connection9() {
        if (this == WF_CONNECTION) {
            return "Connecting";
        }
        return connected() ? "Connected" : label;
    }

    /** DRBD 9's replication state of the peer device: Off, Established, SyncSource, ... */
    public String replication9() {
        if (!connected() || this == WF_REPORT_PARAMS) {
            return "Off";
        }
        return this == CONNECTED ? "Established" : label;
    }
}
