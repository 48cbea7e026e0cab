package org.jvs.drbd.config;

/**
 * A configuration the operator must fix, with the message drbdadm would print: the file and line
 * first ({@code /etc/drbd.d/demo.res:7: ...}). drbdadm exits with status 10 for these.
 */
public final class ConfigException extends Exception {
    /** drbdadm's exit status for an invalid configuration ({@code E_CONFIG_INVALID}). */
    public static final int EXIT_CODE = 10;

    /** An error at {@code file:line}. */
    public ConfigException(String file, int line, String message) {
        super(file + ":" + line + ": " + message);
    }

    /** An error not tied to a place in a file (a missing file, an unknown resource). */
    public ConfigException(String message) {
        super(message);
    }
}
