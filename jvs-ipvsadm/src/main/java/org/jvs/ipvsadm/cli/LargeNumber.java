package org.jvs.ipvsadm.cli;

/**
 * ipvsadm's print_largenum: an unsigned 64-bit counter in a 9-character column, abbreviated with
 * K (10^3), M (10^6), G (10^9) or T (10^12) from 10^8 up, or exact with {@code --exact} (width 9,
 * or one more than the digits when they are more than 8). Stateless.
 */
final class LargeNumber {
    private LargeNumber() {
    }

    static String format(long value, boolean exact) {
        String digits = Long.toUnsignedString(value);
        if (exact) {
            return pad(digits, digits.length() <= 8 ? 9 : digits.length() + 1);
        }
        if (Long.compareUnsigned(value, 100_000_000L) < 0) {
            return pad(digits, 9);
        }
        if (Long.compareUnsigned(value, 1_000_000_000L) < 0) {
            return scaled(value, 1_000L, 'K');
        }
        if (Long.compareUnsigned(value, 100_000_000_000L) < 0) {
            return scaled(value, 1_000_000L, 'M');
        }
        if (Long.compareUnsigned(value, 100_000_000_000_000L) < 0) {
            return scaled(value, 1_000_000_000L, 'G');
        }
        return scaled(value, 1_000_000_000_000L, 'T');
    }

    /** Right-aligns {@code s} in {@code width} columns, as printf's {@code %*s}. */
    static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static String scaled(long value, long unit, char suffix) {
        return pad(Long.toUnsignedString(Long.divideUnsigned(value, unit)), 8) + suffix;
    }
}
