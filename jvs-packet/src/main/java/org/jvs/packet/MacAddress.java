package org.jvs.packet;

/**
 * Ethernet addresses held in the low 48 bits of a long (the first byte on the wire is bits 47..40),
 * so that they travel through the data plane without objects. Stateless and thread-safe.
 */
public final class MacAddress {
    /** ff:ff:ff:ff:ff:ff. */
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;
    /** 00:00:00:00:00:00, also "unknown" in ARP requests. */
    public static final long ZERO = 0L;

    private MacAddress() {
    }

    /** Whether the group bit is set (multicast or broadcast). */
    public static boolean isMulticast(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (or with '-'); throws IllegalArgumentException otherwise. */
    public static long parse(String text) {
        String[] parts = text.split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long mac = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            mac = (mac << 8) | Integer.parseInt(p, 16);
        }
        return mac;
    }

    /** Formats as lower-case {@code aa:bb:cc:dd:ee:ff}, the way ip(8) prints it. */
    public static String toString(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            int b = (int) (mac >>> shift) & 0xFF;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            if (shift > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
