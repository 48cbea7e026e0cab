package org.jvs.drbd.state;

/** A node's role for a resource, as DRBD names it. */
public enum Role {
    /** Serves I/O; its writes are replicated. */
    PRIMARY("Primary"),
    /** Receives the Primary's writes; serves no I/O. */
    SECONDARY("Secondary"),
    /** The peer's role while disconnected. */
    UNKNOWN("Unknown");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** The name drbdadm prints. */
    public String label() {
        return label;
    }
}
