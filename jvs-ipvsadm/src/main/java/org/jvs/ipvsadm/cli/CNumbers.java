package org.jvs.ipvsadm.cli;

/**
 * The C library number conversions ipvsadm relies on, with their exact leniencies: leading
 * white space and a sign are accepted, overflow is an error (strtol sets ERANGE), and
 * {@code atoi} ignores trailing garbage. Stateless.
 */
final class CNumbers {
    /** Returned by {@link #stringToNumber} for anything that is not a number in range. */
    static final long INVALID = -1;

    private CNumbers() {
    }

    /** ipvsadm's string_to_number: a whole-string base-10 number within [min, max], else {@link #INVALID}. */
    static long stringToNumber(String s, long min, long max) {
        Strtol r = strtol(s);
        if (r.end == s.length() && r.digits && !r.overflow && min <= r.value && r.value <= max) {
            return r.value;
        }
        return INVALID;
    }

    /** ipvsadm's parse_fwmark check: a whole-string number in 1..UINT_MAX, else {@link #INVALID}. */
    static long fwmark(String s) {
        Strtol r = strtol(s);
        if (r.end != s.length() || !r.digits || r.overflow || r.value <= 0 || r.value > 0xFFFF_FFFFL) {
            return INVALID;
        }
        return r.value;
    }

    /** C's atoi on a 64-bit machine: strtol's value, whatever follows it, truncated to int. */
    static int atoi(String s) {
        return (int) strtol(s).value;
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** strtol(s, &end, 10) on a 64-bit long: the value (clamped on overflow) and where it stopped. */
    private static Strtol strtol(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        long value = 0;
        boolean overflow = false;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i) - '0';
            // Accumulate negatively so that Long.MIN_VALUE is representable, as strtol does.
            if (value < (Long.MIN_VALUE + d) / 10) {
                overflow = true;
            } else {
                value = value * 10 - d;
            }
            i++;
        }
        boolean digits = i > start;
        if (!digits) {
            return new Strtol(0, 0, false, false);
        }
        if (overflow) {
            value = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        } else if (!negative) {
            if (value == Long.MIN_VALUE) {
                overflow = true;
                value = Long.MAX_VALUE;
            } else {
                value = -value;
            }
        }
        return new Strtol(value, i, digits, overflow);
    }

    /** end is 0 when no digits were found: strtol then leaves the end pointer at the start. */
    private record Strtol(long value, int end, boolean digits, boolean overflow) {
    }
}
