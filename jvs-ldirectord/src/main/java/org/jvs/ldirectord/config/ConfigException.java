package org.jvs.ldirectord.config;

import java.nio.file.Path;

/**
 * A configuration error an operator can fix, located as {@code file:line: message} (line 0 when the
 * error concerns the file as a whole). Mirrors ldirectord's {@code config_error}, which makes start-up
 * exit with status 2 and makes a reload keep the running configuration.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String reason;

    public ConfigException(Path file, int line, String reason) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    /** The configuration file. */
    public Path file() {
        return file;
    }

    /** The 1-based line number, or 0 for the whole file. */
    public int line() {
        return line;
    }

    /** The message without its location, worded as ldirectord words it. */
    public String reason() {
        return reason;
    }
}
