package org.jvs.ldirectord.config;

import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code receive} regular expressions: Perl syntax, matched with Java's engine, which agrees on
 * the constructs health checks use. A pattern Java cannot compile is a configuration error here,
 * where ldirectord would die at the first check instead. Stateless.
 */
public final class Regex {
    private Regex() {
    }

    /** Compiles a receive pattern with Perl's line-end rules. */
    public static Pattern compile(String perlRegex) {
        return Pattern.compile(perlRegex, Pattern.UNIX_LINES);
    }

    static void check(Path file, int line, String perlRegex) throws ConfigException {
        try {
            compile(perlRegex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(file, line, "invalid receive regular expression: " + e.getDescription());
        }
    }
}
