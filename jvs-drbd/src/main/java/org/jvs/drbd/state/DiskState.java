package org.jvs.drbd.state;

/**
 * Disk states in DRBD's order (a higher ordinal is a "better" disk), with the names /proc/drbd and
 * drbdadm print.
 */
public enum DiskState {
    /** No backing device. */
    DISKLESS("Diskless"),
    /** Being attached. */
    ATTACHING("Attaching"),
    /** An I/O error detached it. */
    FAILED("Failed"),
    /** Attached, being compared with the peer. */
    NEGOTIATING("Negotiating"),
    /** Holds data that must not be used (resync target, or never synced). */
    INCONSISTENT("Inconsistent"),
    /** Consistent but known to be older than the peer's. */
    OUTDATED("Outdated"),
    /** The peer's disk while disconnected. */
    DUNKNOWN("DUnknown"),
    /** Consistent, but whether it is the newest is not known. */
    CONSISTENT("Consistent"),
    /** Consistent and current: the only state that allows application I/O. */
    UP_TO_DATE("UpToDate");

    private final String label;

    DiskState(String label) {
        this.label = label;
    }

    /** The name drbdadm prints. */
    public String label() {
        return label;
    }

    /** Whether this disk holds consistent data (Outdated and better, DUnknown excluded). */
    public boolean consistent() {
        return this == OUTDATED || this == CONSISTENT || this == UP_TO_DATE;
    }
}
