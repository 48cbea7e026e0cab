package org.jvs.drbd.state;

/**
 * A refused state change with DRBD's error number and text (drbd_strings.c), printed by drbdsetup
 * as {@code MINOR: State change failed: (N) text} with exit status 11 (17 for "Need access to
 * UpToDate data").
 */
public final class StateChangeException extends Exception {
    /** SS_TWO_PRIMARIES. */
    public static final int TWO_PRIMARIES = -1;
    /** SS_NO_UP_TO_DATE_DISK. */
    public static final int NO_UP_TO_DATE_DISK = -2;
    /** SS_NO_LOCAL_DISK. */
    public static final int NO_LOCAL_DISK = -4;
    /** SS_RESYNC_RUNNING. */
    public static final int RESYNC_RUNNING = -8;
    /** SS_ALREADY_STANDALONE. */
    public static final int ALREADY_STANDALONE = -9;
    /** SS_IS_DISKLESS. */
    public static final int IS_DISKLESS = -11;
    /** SS_DEVICE_IN_USE. */
    public static final int DEVICE_IN_USE = -12;
    /** SS_NO_VERIFY_ALG. */
    public static final int NO_VERIFY_ALG = -14;
    /** SS_NEED_CONNECTION. */
    public static final int NEED_CONNECTION = -15;
    /** SS_LOWER_THAN_OUTDATED. */
    public static final int LOWER_THAN_OUTDATED = -16;

    private final int code;

    /** A refusal with DRBD's code and its standard text. */
    public StateChangeException(int code) {
        super(text(code));
        this.code = code;
    }

    /** DRBD's error number (negative). */
    public int code() {
        return code;
    }

    /** The exit status drbdsetup gives this refusal. */
    public int exitCode() {
        return switch (code) {
            case NO_UP_TO_DATE_DISK -> 17;
            case LOWER_THAN_OUTDATED -> 5;
            default -> 11;
        };
    }

    /** DRBD's text for {@code code}. */
    public static String text(int code) {
        return switch (code) {
            case TWO_PRIMARIES -> "Multiple primaries not allowed by config";
            case NO_UP_TO_DATE_DISK -> "Need access to UpToDate data";
            case NO_LOCAL_DISK -> "Can not resync without local disk";
            case RESYNC_RUNNING -> "Can not start OV/resync since it is already active";
            case ALREADY_STANDALONE -> "Can not disconnect a StandAlone device";
            case IS_DISKLESS -> "Device is diskless, the requested operation requires a disk";
            case DEVICE_IN_USE -> "Device is held open by someone";
            case NO_VERIFY_ALG -> "Need a verify algorithm to start online verify";
            case NEED_CONNECTION -> "Need a connection to start verify or resync";
            case LOWER_THAN_OUTDATED -> "Disk state is lower than outdated";
            default -> "unknown error";
        };
    }
}
