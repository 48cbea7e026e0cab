package org.jvs.drbd.replication;

/**
 * Packet types between two nodes. The numbers are DRBD 8.4's (drbd_protocol.h) where a packet has
 * the same meaning, so that traces read like DRBD's; the payloads are jvs's own (the link is not
 * wire-compatible with the kernel module).
 */
public enum Command {
    /** A replicated application write. */
    DATA(0x00),
    /** A resync block, answering RS_DATA_REQUEST. */
    RS_DATA_REPLY(0x02),
    /** Closes a write epoch. */
    BARRIER(0x03),
    /** Bitmap words. */
    BITMAP(0x04),
    /** Asks the peer to invalidate its disk and become SyncTarget (invalidate-remote). */
    BECOME_SYNC_TARGET(0x05),
    /** Resync target asks for a block range. */
    RS_DATA_REQUEST(0x09),
    /** Replication protocol and split-brain policies. */
    PROTOCOL(0x0b),
    /** Generation identifiers, bitmap weight, flags. */
    UUIDS(0x0c),
    /** Backing and current sizes. */
    SIZES(0x0d),
    /** Role and disk state. */
    STATE(0x0e),
    /** The sync UUID the source chose. */
    SYNC_UUID(0x0f),
    /** Peer authentication challenge. */
    AUTH_CHALLENGE(0x10),
    /** Peer authentication response. */
    AUTH_RESPONSE(0x11),
    /** Keepalive. */
    PING(0x13),
    /** Keepalive answer. */
    PING_ACK(0x14),
    /** Protocol B: the write arrived. */
    RECV_ACK(0x15),
    /** Protocol C: the write is on the peer's disk. */
    WRITE_ACK(0x16),
    /** A resync block was written. */
    RS_WRITE_ACK(0x17),
    /** A write failed on the peer. */
    NEG_ACK(0x19),
    /** All writes of an epoch are on the peer's stable storage. */
    BARRIER_ACK(0x1c),
    /** Online verify: digests wanted for a range. */
    OV_REQUEST(0x1e),
    /** Online verify: the digests. */
    OV_REPLY(0x1f),
    /** Online verify: which blocks differed (a zero-size result ends the run). */
    OV_RESULT(0x20),
    /** Checksum-based resync: the target's digest for a block range. */
    CSUM_RS_REQUEST(0x21),
    /** Checksum-based resync: the block was equal. */
    RS_IS_IN_SYNC(0x22),
    /** Verify and csums algorithms. */
    SYNC_PARAM(0x23),
    /** A range the peer must mark out of sync. */
    OUT_OF_SYNC(0x28),
    /** The resync is complete on the source (target may finish). */
    RESYNC_DONE(0x7001),
    /** First packet on the meta socket, with the session token. */
    INITIAL_META(0xfff1),
    /** First packet on the data socket. */
    INITIAL_DATA(0xfff2),
    /** Protocol version range and features. */
    CONNECTION_FEATURES(0xfffe);

    private final int code;

    Command(int code) {
        this.code = code;
    }

    /** The on-wire number. */
    public int code() {
        return code;
    }

    /** The command with number {@code code}. */
    public static Command of(int code) throws ProtocolException {
        for (Command c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new ProtocolException("unknown packet type 0x" + Integer.toHexString(code));
    }
}
