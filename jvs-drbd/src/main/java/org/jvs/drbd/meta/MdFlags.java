package org.jvs.drbd.meta;

/**
 * The superblock flag bits of DRBD 8.4 ({@code MDF_*} in {@code linux/drbd.h}) and the disk state
 * they encode.
 */
public final class MdFlags {
    /** The data is consistent (not in the middle of a resync as target). */
    public static final int CONSISTENT = 1;
    /** The node was Primary (used to detect a crashed primary). */
    public static final int PRIMARY_IND = 1 << 1;
    /** The node was connected to its peer. */
    public static final int CONNECTED_IND = 1 << 2;
    /** A full sync was being prepared (all bits being set). */
    public static final int FULL_SYNC = 1 << 3;
    /** The data was UpToDate (with CONSISTENT); without it, Outdated. */
    public static final int WAS_UP_TO_DATE = 1 << 4;
    /** The peer's disk is known to be Outdated or Inconsistent. */
    public static final int PEER_OUT_DATED = 1 << 5;
    /** The node crashed while Primary and has not seen its peer since. */
    public static final int CRASHED_PRIMARY = 1 << 6;
    /** The activity log is clean (nothing to apply after a crash). */
    public static final int AL_CLEAN = 1 << 7;
    /** Activity log updates are disabled. */
    public static final int AL_DISABLED = 1 << 8;

    private MdFlags() {
    }

    /** The disk state the flags describe: "UpToDate", "Outdated" or "Inconsistent". */
    public static String diskState(int flags) {
        if ((flags & CONSISTENT) == 0) {
            return "Inconsistent";
        }
        return (flags & WAS_UP_TO_DATE) != 0 ? "UpToDate" : "Outdated";
    }
}
