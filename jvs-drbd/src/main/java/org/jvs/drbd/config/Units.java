package org.jvs.drbd.config;

/**
 * drbd.conf numbers: decimal with an optional suffix K, M, G (powers of 1024) or s (512-byte
 * sectors), converted to the option's default unit ('1' plain, 'k' KiB, 's' sectors), rounding up
 * when the conversion divides. Stateless; thread-safe.
 */
public final class Units {
    private Units() {
    }

    /**
     * The value of {@code text} in units of {@code scale}; {@code at} places the error.
     *
     * @throws ConfigException "12X is not a valid number" as drbdadm says
     */
    public static long parse(String text, char scale, Token at) throws ConfigException {
        int digits = 0;
        while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
            digits++;
        }
        String rest = text.substring(digits);
        if (digits == 0 || digits > 18 || rest.length() > 1) {
            throw new ConfigException(at.file(), at.line(), text + " is not a valid number");
        }
        long value = Long.parseLong(text.substring(0, digits));
        int shift = switch (scale) {
            case 'k' -> -10;
            case 's' -> -9;
            default -> 0;
        };
        if (!rest.isEmpty()) {
            shift += switch (rest.charAt(0)) {
                case 'K', 'k' -> 10;
                case 'M', 'm' -> 20;
                case 'G', 'g' -> 30;
                case 's' -> 9;
                default -> throw new ConfigException(at.file(), at.line(), text + " is not a valid number");
            };
        }
        if (shift < 0) {
            return (value + (1L << -shift) - 1) >> -shift;
        }
        if (value > (Long.MAX_VALUE >> shift)) {
            throw new ConfigException(at.file(), at.line(), text + " is out of range");
        }
        return value << shift;
    }

    /** {@code text} in bytes when its default unit is {@code scale}. */
    public static long bytes(String text, char scale) {
        try {
            long v = parse(text, scale, new Token(Token.Kind.WORD, text, "-", 0));
            return switch (scale) {
                case 'k' -> v << 10;
                case 's' -> v << 9;
                default -> v;
            };
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
