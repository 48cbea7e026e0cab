package org.jvs.heartbeat.resource;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The argument of an IPaddr/IPaddr2 resource as the v1 wrapper splits it:
 * {@code ip[/nbits[/nic[/broadcast]]]}, where a third part starting with a digit is the broadcast
 * address instead of a nic. Immutable.
 *
 * @param address   the VIP
 * @param prefix    the netmask bits, if given
 * @param nic       the interface, if given
 * @param broadcast the broadcast address, if given
 */
public record IpAddress(Inet4Address address, Optional<Integer> prefix, Optional<String> nic,
                        Optional<String> broadcast) {
    private static final Pattern DOTTED = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** Parses the haresources argument; fails with a message naming the argument. */
    public static IpAddress parse(String arg) {
        String[] p = arg.split("/", -1);
        if (!DOTTED.matcher(p[0]).matches()) {
            throw new IllegalArgumentException("IPaddr: [" + arg + "] is not an IPv4 address");
        }
        Inet4Address ip;
        try {
            ip = (Inet4Address) InetAddress.getByName(p[0]);
        } catch (UnknownHostException | ClassCastException e) {
            throw new IllegalArgumentException("IPaddr: [" + arg + "] is not an IPv4 address", e);
        }
        Optional<Integer> prefix = Optional.empty();
        if (p.length > 1 && !p[1].isEmpty()) {
            if (!p[1].matches("\\d{1,2}") || Integer.parseInt(p[1]) > 32) {
                throw new IllegalArgumentException("IPaddr: bad netmask [" + p[1] + "] in [" + arg + "]");
            }
            prefix = Optional.of(Integer.parseInt(p[1]));
        }
        Optional<String> nic = Optional.empty();
        Optional<String> bcast = Optional.empty();
        if (p.length > 2 && !p[2].isEmpty()) {
            if (Character.isDigit(p[2].charAt(0))) {
                bcast = Optional.of(p[2]);
            } else {
                nic = Optional.of(p[2]);
                if (p.length > 3 && !p[3].isEmpty()) {
                    bcast = Optional.of(p[3]);
                }
            }
        }
        return new IpAddress(ip, prefix, nic, bcast);
    }
}
