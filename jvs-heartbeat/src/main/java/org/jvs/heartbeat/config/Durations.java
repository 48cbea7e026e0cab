package org.jvs.heartbeat.config;

import java.util.Locale;

/**
 * Heartbeat's time values ({@code cl_get_msec}): a plain number (decimals allowed) is seconds, a
 * number followed by {@code ms} is milliseconds and by {@code us} microseconds, rounded to the
 * nearest millisecond. Anything else (including {@code 2s}, which heartbeat also refuses) is invalid.
 */
public final class Durations {
    private Durations() {
    }

    /** The value in milliseconds, or -1 when the text is not a time heartbeat accepts. */
    public static long parseMillis(String text) {
        String s = text.strip();
        int end = 0;
        while (end < s.length() && ("0123456789.".indexOf(s.charAt(end)) >= 0)) {
            end++;
        }
        if (end == 0) {
            return -1;
        }
        String units = s.substring(end).stripLeading().toLowerCase(Locale.ROOT);
        double multiplier;
        if (units.startsWith("ms")) {
            multiplier = 1;
        } else if (units.startsWith("us")) {
            multiplier = 0.001;
        } else if (units.isEmpty()) {
            multiplier = 1000;
        } else {
            return -1;
        }
        double number = leadingNumber(s.substring(0, end));
        return (long) (number * multiplier + 0.5);
    }

    /** Like C's atof on a run of digits and dots: "1.2.3" reads as 1.2. */
    private static double leadingNumber(String digitsAndDots) {
        int secondDot = digitsAndDots.indexOf('.', digitsAndDots.indexOf('.') + 1);
        String n = secondDot < 0 ? digitsAndDots : digitsAndDots.substring(0, secondDot);
        if (n.equals(".")) {
            return 0;
        }
        return Double.parseDouble(n);
    }

    /** Formats milliseconds the way an operator would write them back into ha.cf. */
    public static String format(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "ms";
    }
}
