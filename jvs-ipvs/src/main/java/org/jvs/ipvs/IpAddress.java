package org.jvs.ipvs;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address held in two longs, so that the table and the schedulers compare and
 * hash addresses without touching {@link InetAddress}. IPv4 lives in the low 32 bits of {@code lo}.
 * Immutable and thread-safe.
 */
public record IpAddress(AddressFamily family, long hi, long lo) implements Comparable<IpAddress> {

    /** The IPv4 any address, 0.0.0.0 (a fwmark service's address). */
    public static final IpAddress V4_ANY = ofV4(0);
    /** The IPv6 any address, ::. */
    public static final IpAddress V6_ANY = new IpAddress(AddressFamily.INET6, 0, 0);

    public IpAddress {
        if (family == AddressFamily.INET && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("IPv4 address wider than 32 bits");
        }
    }

    /** An IPv4 address from its host-order 32-bit value. */
    public static IpAddress ofV4(int addr) {
        return new IpAddress(AddressFamily.INET, 0, addr & 0xFFFF_FFFFL);
    }

    /** An IPv6 address from its two host-order 64-bit halves. */
    public static IpAddress ofV6(long hi, long lo) {
        return new IpAddress(AddressFamily.INET6, hi, lo);
    }

    /** An address from 4 or 16 network-order bytes. */
    public static IpAddress ofBytes(byte[] b) {
        if (b.length == 4) {
            return ofV4(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
        }
        if (b.length == 16) {
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (b[i] & 0xFF);
                lo = (lo << 8) | (b[i + 8] & 0xFF);
            }
            return ofV6(hi, lo);
        }
        throw new IllegalArgumentException("address must be 4 or 16 bytes");
    }

    /**
     * Parses a numeric IPv4 dotted quad or an IPv6 literal (without brackets); never resolves
     * names. Returns null when the text is not a numeric address.
     */
    public static IpAddress parseNumeric(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') >= 0) {
            if (!text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                return null;
            }
            try {
                // A literal containing ':' is never looked up by InetAddress, only parsed.
                InetAddress a = InetAddress.getByName(text);
                return a instanceof Inet6Address ? ofBytes(a.getAddress()) : null;
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return parseV4(text);
    }

    private static IpAddress parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return null;
            }
            v = (v << 8) | octet;
        }
        return ofV4(v);
    }

    /** This address as an {@link InetAddress} (no name lookup). */
    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** 4 or 16 network-order bytes. */
    public byte[] toBytes() {
        if (family == AddressFamily.INET) {
            int v = v4();
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[i + 8] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    public boolean isV4() {
        return family == AddressFamily.INET;
    }

    /** The host-order IPv4 value; only meaningful for IPv4. */
    public int v4() {
        return (int) lo;
    }

    /**
     * The kernel's address fold used by the sh, mh and dh schedulers: the IPv4 address, or the XOR
     * of the four 32-bit words of an IPv6 address (host order).
     */
    public int fold() {
        if (isV4()) {
            return v4();
        }
        return (int) (hi >>> 32) ^ (int) hi ^ (int) (lo >>> 32) ^ (int) lo;
    }

    /** This address with only the first {@code prefix} bits kept. */
    public IpAddress mask(int prefix) {
        if (isV4()) {
            int m = prefix <= 0 ? 0 : (prefix >= 32 ? -1 : -1 << (32 - prefix));
            return ofV4(v4() & m);
        }
        long mh = prefix <= 0 ? 0 : (prefix >= 64 ? -1L : -1L << (64 - prefix));
        long ml = prefix <= 64 ? 0 : (prefix >= 128 ? -1L : -1L << (128 - prefix));
        return ofV6(hi & mh, lo & ml);
    }

    /** The text form: dotted quad, or RFC 5952 compressed IPv6 (as inet_ntop prints it). */
    @Override
    public String toString() {
        if (isV4()) {
            int v = v4();
            return ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
        }
        return Ipv6Text.format(hi, lo);
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = family.compareTo(o.family);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /** Whether {@code a} is the IPv4 form used in {@code InetAddress}. */
    static boolean isInet4(InetAddress a) {
        return a instanceof Inet4Address;
    }
}
