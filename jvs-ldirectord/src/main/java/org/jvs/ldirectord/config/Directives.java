package org.jvs.ldirectord.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Value helpers shared by the global and per-virtual directive parsers. ldirectord matches its
 * directives with Perl regular expressions; {@link #re} compiles with UNIX_LINES so that '.' and '$'
 * treat only '\n' as a line end, as Perl does. Stateless.
 */
final class Directives {
    private static final Pattern DIGITS = re("(\\d+)");

    private Directives() {
    }

    /** A pattern with Perl's notion of line ends. */
    static Pattern re(String regex) {
        return Pattern.compile(regex, Pattern.UNIX_LINES);
    }

    /** The matcher if {@code p} matches at the start of {@code s} (Perl's unanchored-end {@code /^.../}), else null. */
    static Matcher at(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.lookingAt() ? m : null;
    }

    /**
     * The first run of digits in {@code value} when it is a positive int, else null: ldirectord's
     * {@code $1 =~ /(\d+)/ && $1} idiom, which accepts "3s" as 3.
     */
    static Integer positive(String value) {
        Integer n = firstNumber(value);
        return n != null && n > 0 ? n : null;
    }

    /** The first run of digits in {@code value} as an int (0 allowed), or null. */
    static Integer firstNumber(String value) {
        Matcher m = DIGITS.matcher(value);
        if (!m.find()) {
            return null;
        }
        String digits = m.group(1).replaceFirst("^0+(?=.)", "");
        if (digits.length() > 10) {
            return null;
        }
        long v = Long.parseLong(digits);
        return v > Integer.MAX_VALUE ? null : (int) v;
    }

    /** yes → TRUE, no → FALSE, anything else (including trailing blanks) → null, as ldirectord's {@code eq} tests. */
    static Boolean yesNo(String value) {
        return switch (value) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> null;
        };
    }
}
