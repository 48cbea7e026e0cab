package org.jvs.heartbeat.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One or more configuration errors an operator can fix, each located as {@code file:line: message}
 * (line 0 when the error concerns the file as a whole). Heartbeat logs every error it finds before
 * refusing to start, so the parsers collect them all instead of stopping at the first. Immutable.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** One located error. */
    public record Problem(Path file, int line, String reason) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + reason;
        }
    }

    private final transient List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigException(Path file, int line, String reason) {
        this(List.of(new Problem(file, line, reason)));
    }

    /** Every problem found, in file order. */
    public List<Problem> problems() {
        return problems;
    }
}
