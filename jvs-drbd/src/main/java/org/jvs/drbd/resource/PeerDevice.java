package org.jvs.drbd.resource;

import org.jvs.drbd.meta.GenerationIds;
import org.jvs.drbd.state.ConnectionState;
import org.jvs.drbd.state.DiskState;

/**
 * The replication side of one volume while connected: its replication state (DRBD 8.4's per-minor
 * "cs:"), the peer's disk and generation identifiers, and the progress of a resync or verify. A new one per connection. Thread-safe (volatile fields).
 */
public final class PeerDevice {
    private final int volume;
    private volatile ConnectionState state = ConnectionState.WF_REPORT_PARAMS;
    private volatile DiskState peerDisk = DiskState.DUNKNOWN;
    private volatile GenerationIds peerUuids;
    private volatile SyncProgress progress;
    private volatile boolean userPaused;
    private volatile boolean peerPaused;
    private final java.util.concurrent.atomic.AtomicLong verifiedBlocks = new java.util.concurrent.atomic.AtomicLong();

    /** The peer device of volume {@code volume}. */
    public PeerDevice(int volume) {
        this.volume = volume;
    }

    /** The volume number. */
    public int volume() {
        return volume;
    }

    /** The replication state. */
    public ConnectionState state() {
        return state;
    }

    /** Sets the replication state. */
    public void setState(ConnectionState s) {
        this.state = s;
    }

    /** The peer's disk state. */
    public DiskState peerDisk() {
        return peerDisk;
    }

    /** Sets the peer's disk state. */
    public void setPeerDisk(DiskState d) {
        this.peerDisk = d;
    }

    /** The peer's generation identifiers as last reported. */
    public GenerationIds peerUuids() {
        return peerUuids;
    }

    /** Records the peer's generation identifiers. */
    public void setPeerUuids(GenerationIds u) {
        this.peerUuids = u;
    }

    /** The running resync or verify, or null. */
    public SyncProgress progress() {
        return progress;
    }

    /** Starts or ends (null) a resync or verify run. */
    public void setProgress(SyncProgress p) {
        this.progress = p;
    }

    /** Whether the administrator paused the resync (pause-sync). */
    public boolean userPaused() {
        return userPaused;
    }

    /** Sets the administrator's pause. */
    public void setUserPaused(boolean p) {
        this.userPaused = p;
    }

    /** Whether the peer paused the resync. */
    public boolean peerPaused() {
        return peerPaused;
    }

    /** Sets the peer's pause. */
    public void setPeerPaused(boolean p) {
        this.peerPaused = p;
    }

    /** Blocks this node has answered digests for in the running verify (as VerifyT). */
    public java.util.concurrent.atomic.AtomicLong verifiedBlocks() {
        return verifiedBlocks;
    }

    /** Whether application writes are mirrored to the peer in this state. */
    public boolean replicating() {
        return state == ConnectionState.CONNECTED || state.syncing() || state.verifying();
    }
}
