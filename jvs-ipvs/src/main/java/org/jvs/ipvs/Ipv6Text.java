package org.jvs.ipvs;

/** Formats IPv6 addresses the way glibc's inet_ntop does (RFC 5952 compression, IPv4-mapped tail). */
final class Ipv6Text {
    private Ipv6Text() {
    }

    static String format(long hi, long lo) {
        int[] w = new int[8];
        for (int i = 0; i < 4; i++) {
            w[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            w[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        // inet_ntop prints ::ffff:a.b.c.d and ::a.b.c.d (deprecated compat form) with a dotted tail.
        boolean mapped = w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0
                && (w[5] == 0xFFFF || (w[5] == 0 && w[6] != 0));
        int words = mapped ? 6 : 8;
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < words; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < words && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < words; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (mapped) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(w[6] >>> 8).append('.').append(w[6] & 0xFF).append('.')
                    .append(w[7] >>> 8).append('.').append(w[7] & 0xFF);
        }
        return sb.toString();
    }
}
