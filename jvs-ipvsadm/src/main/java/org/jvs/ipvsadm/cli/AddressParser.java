package org.jvs.ipvsadm.cli;

import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.Protocol;

/**
 * ipvsadm's parse_service and parse_netmask: {@code host[:port]}, {@code [v6addr]:port} or a bare
 * IPv6 address, with names resolved when not numeric. Reproduces ipvsadm's corner cases: a purely
 * numeric string is refused, a port after {@code [host]} is dropped when the bracketed text is not
 * an IPv6 address, an IPv6 address resets the persistence netmask to 128. Not thread-safe (uses
 * the resolver).
 */
final class AddressParser {
    /** parse_service result bits. */
    static final int SERVICE_NONE = 0;
    static final int SERVICE_ADDR = 1;
    static final int SERVICE_PORT = 2;

    private final NameResolver names;

    AddressParser(NameResolver names) {
        this.names = names;
    }

    /** Parses {@code text} into {@code svc}'s family, address, port (and netmask for IPv6). */
    int parseService(String text, ServiceSpec svc) {
        if (text == null || isAllDigits(text)) {
            return SERVICE_NONE;
        }
        String buf = text;
        String port = null;
        if (buf.startsWith("[")) {
            buf = buf.substring(1);
            int close = buf.indexOf(']');
            if (close < 0) {
                return SERVICE_NONE;
            }
            String after = buf.substring(close + 1);
            buf = buf.substring(0, close);
            if (!after.startsWith(":")) {
                return SERVICE_NONE;
            }
            port = after.substring(1);
        }
        IpAddress v6 = InetText.inetPton6(buf);
        if (v6 != null) {
            svc.address = v6;
            svc.family = AddressFamily.INET6;
            svc.netmask = 128;
        } else {
            int colon = buf.lastIndexOf(':');
            port = colon >= 0 ? buf.substring(colon + 1) : null;
            String host = colon >= 0 ? buf.substring(0, colon) : buf;
            IpAddress v4 = hostToIpv4(host);
            if (v4 == null) {
                return SERVICE_NONE;
            }
            svc.address = v4;
            svc.family = AddressFamily.INET;
        }
        int result = SERVICE_ADDR;
        if (port != null) {
            result |= SERVICE_PORT;
            long n = CNumbers.stringToNumber(port, 0, 65535);
            if (n == CNumbers.INVALID) {
                n = names.serviceToPort(port, Protocol.ofNumber(svc.protocol));
            }
            if (n < 0) {
                return SERVICE_NONE;
            }
            svc.port = (int) n;
        }
        return result;
    }

    /** parse_netmask: a dotted (inet_aton) mask or a host name's address, host order; null if neither. */
    Integer parseNetmask(String text) {
        IpAddress a = hostToIpv4(text);
        return a == null ? null : a.v4();
    }

    private IpAddress hostToIpv4(String host) {
        IpAddress a = InetText.inetAton(host);
        return a != null ? a : names.hostToIpv4(host);
    }

    private static boolean isAllDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
