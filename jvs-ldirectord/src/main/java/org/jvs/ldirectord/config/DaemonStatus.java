package org.jvs.ldirectord.config;

/**
 * The phases of the daemon that {@code emailalertstatus} filters on, with ldirectord's bit values
 * (the "Daemon-Status:" line of alert mails uses {@link #word()}).
 */
public enum DaemonStatus {
    STARTING(0x1, "starting"),
    RUNNING(0x2, "running"),
    STOPPING(0x4, "stopping"),
    RELOADING(0x8, "reloading");

    /** Every status: the default filter. */
    public static final int ALL = 0xF;

    private final int bit;
    private final String word;

    DaemonStatus(int bit, String word) {
        this.bit = bit;
        this.word = word;
    }

    /** The bit in an {@code emailalertstatus} mask. */
    public int bit() {
        return bit;
    }

    /** The word used in configuration and mails. */
    public String word() {
        return word;
    }
}
