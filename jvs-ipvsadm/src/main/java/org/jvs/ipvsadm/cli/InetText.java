package org.jvs.ipvsadm.cli;

import org.jvs.ipvs.IpAddress;

/**
 * The glibc address parsers ipvsadm uses, with their exact rules: {@code inet_aton} (1 to 4 parts,
 * each decimal, octal with a leading 0 or hex with 0x, the last part filling the remaining bytes,
 * anything after a white-space character ignored) and the strict {@code inet_pton} for IPv4 and
 * IPv6. {@link IpAddress#parseNumeric} is stricter than inet_aton and uses the JDK's IPv6 parser,
 * so it cannot stand in for these. Stateless.
 */
final class InetText {
    private static final long[] LAST_PART_MAX = {0xFFFF_FFFFL, 0xFF_FFFFL, 0xFFFFL, 0xFFL};

    private InetText() {
    }

    /** inet_aton: the IPv4 address, or null when glibc would return 0. */
    static IpAddress inetAton(String s) {
        long[] parts = new long[4];
        int nparts = 0;
        int i = 0;
        int n = s.length();
        long val;
        int c = at(s, 0);
        while (true) {
            if (!isDigit(c)) {
                return null;
            }
            val = 0;
            int base = 10;
            boolean digit = false;
            if (c == '0') {
                c = at(s, ++i);
                if (c == 'x' || c == 'X') {
                    base = 16;
                    c = at(s, ++i);
                } else {
                    base = 8;
                    digit = true;
                }
            }
            while (true) {
                if (isDigit(c)) {
                    if (base == 8 && (c == '8' || c == '9')) {
                        return null;
                    }
                    val = val * base + (c - '0');
                } else if (base == 16 && Character.digit(c, 16) >= 0 && c < 128) {
                    val = (val << 4) | Character.digit(c, 16);
                } else {
                    break;
                }
                if (val > 0xFFFF_FFFFL) {
                    return null;
                }
                digit = true;
                c = at(s, ++i);
            }
            if (!digit) {
                return null;
            }
            if (c != '.') {
                break;
            }
            if (nparts > 2 || val > 0xFF) {
                return null;
            }
            parts[nparts++] = val;
            c = at(s, ++i);
        }
        if (i < n && !CNumbers.isSpace(c)) {
            return null;
        }
        if (val > LAST_PART_MAX[nparts]) {
            return null;
        }
        for (int p = 0; p < nparts; p++) {
            val |= parts[p] << (24 - 8 * p);
        }
        return IpAddress.ofV4((int) val);
    }

    /** inet_pton(AF_INET): exactly four decimal octets, no leading zeros. Null when invalid. */
    static IpAddress inetPton4(String s) {
        byte[] b = new byte[4];
        return pton4(s, 0, s.length(), b, 0) ? IpAddress.ofBytes(b) : null;
    }

    /** inet_pton(AF_INET6): the RFC 4291 text forms, with an optional dotted IPv4 tail. Null when invalid. */
    static IpAddress inetPton6(String s) {
        byte[] dst = new byte[16];
        int n = s.length();
        int i = 0;
        if (n == 0) {
            return null;
        }
        if (s.charAt(0) == ':') {
            if (n < 2 || s.charAt(1) != ':') {
                return null;
            }
            i = 1;
        }
        int tp = 0;
        int colonp = -1;
        int curtok = i;
        int xdigits = 0;
        int val = 0;
        while (i < n) {
            char ch = s.charAt(i++);
            int digit = ch < 128 ? Character.digit(ch, 16) : -1;
            if (digit >= 0) {
                if (xdigits == 4) {
                    return null;
                }
                val = (val << 4) | digit;
                xdigits++;
                continue;
            }
            if (ch == ':') {
                curtok = i;
                if (xdigits == 0) {
                    if (colonp >= 0) {
                        return null;
                    }
                    colonp = tp;
                    continue;
                } else if (i == n) {
                    return null;
                }
                if (tp + 2 > 16) {
                    return null;
                }
                dst[tp++] = (byte) (val >>> 8);
                dst[tp++] = (byte) val;
                xdigits = 0;
                val = 0;
                continue;
            }
            if (ch == '.' && tp + 4 <= 16 && pton4(s, curtok, n, dst, tp)) {
                tp += 4;
                xdigits = 0;
                break;
            }
            return null;
        }
        if (xdigits > 0) {
            if (tp + 2 > 16) {
                return null;
            }
            dst[tp++] = (byte) (val >>> 8);
            dst[tp++] = (byte) val;
        }
        if (colonp >= 0) {
            if (tp == 16) {
                return null;
            }
            int moved = tp - colonp;
            System.arraycopy(dst, colonp, dst, 16 - moved, moved);
            for (int k = colonp; k < 16 - moved; k++) {
                dst[k] = 0;
            }
            tp = 16;
        }
        return tp == 16 ? IpAddress.ofBytes(dst) : null;
    }

    private static boolean pton4(String s, int from, int to, byte[] dst, int off) {
        int octets = 0;
        boolean sawDigit = false;
        int cur = 0;
        int tp = off;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch >= '0' && ch <= '9') {
                if (sawDigit && cur == 0) {
                    return false;
                }
                cur = cur * 10 + (ch - '0');
                if (cur > 255) {
                    return false;
                }
                if (!sawDigit) {
                    if (++octets > 4) {
                        return false;
                    }
                    sawDigit = true;
                }
                dst[tp] = (byte) cur;
            } else if (ch == '.' && sawDigit) {
                if (octets == 4) {
                    return false;
                }
                tp++;
                cur = 0;
                sawDigit = false;
            } else {
                return false;
            }
        }
        return octets == 4;
    }

    private static int at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
