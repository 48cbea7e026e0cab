package org.jvs.realserver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jvs.ipvs.IpAddress;

/**
 * What {@code jvs realserver} was asked to do, validated before anything on the host changes.
 * Immutable.
 *
 * @param mode       {@link Mode#TUN} or {@link Mode#DR}
 * @param vips       the virtual addresses (IPv4 or IPv6) this real server accepts traffic for, at least
 *                   one, no repeats
 * @param interfaces tun mode: the interfaces tunnel packets arrive on; empty for every interface
 *                   that is up and has an Ethernet address
 * @param guePort    tun mode: the UDP port of GUE tunnels ({@code ipvsadm --tun-type gue --tun-port}),
 *                   0 for IPIP only
 */
public record RealServerOptions(Mode mode, List<InetAddress> vips, List<String> interfaces, int guePort) {
    /** The two forwarding methods whose real-server side jvs sets up. */
    public enum Mode {
        /** LVS-TUN: the VIPs on a TUN device fed by the user-space decapsulator. */
        TUN,
        /** LVS-DR: the VIPs on {@code lo}. */
        DR
    }

    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** What an IPv6 literal may be made of (hex groups, colons, an embedded dotted quad); checked fully after. */
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    /** Interface names as ip(8) makes them, short enough for IFNAMSIZ and safe inside nftables quotes. */
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");

    public RealServerOptions {
        vips = List.copyOf(vips);
        interfaces = List.copyOf(interfaces);
        if (vips.isEmpty()) {
            throw new IllegalArgumentException("at least one --vip is needed");
        }
        requireDistinct(vips.stream().map(RealServerOptions::text).toList(), "VIP");
        requireDistinct(interfaces, "interface");
        if (guePort < 0 || guePort > 65_535) {
            throw new IllegalArgumentException("--gue-port must be 1..65535, not " + guePort);
        }
        if (mode == Mode.DR && (!interfaces.isEmpty() || guePort != 0)) {
            throw new IllegalArgumentException("--interface and --gue-port apply to tun mode only");
        }
    }

    /**
     * Parses {@code tun --vip VIP [--vip VIP...] [--interface IF...] [--gue-port N]} or
     * {@code dr --vip VIP [--vip VIP...]}; options also take the {@code --name=value} form.
     *
     * @throws IllegalArgumentException with a message for the operator
     */
    public static RealServerOptions parse(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("missing mode: tun or dr");
        }
        Mode mode = switch (args[0]) {
            case "tun" -> Mode.TUN;
            case "dr" -> Mode.DR;
            default -> throw new IllegalArgumentException("unknown mode '" + args[0] + "': expected tun or dr");
        };
        List<InetAddress> vips = new ArrayList<>();
        List<String> interfaces = new ArrayList<>();
        int guePort = 0;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            if (!name.equals("--vip") && !name.equals("--interface") && !name.equals("--gue-port")) {
                throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
            String value;
            if (name.length() < arg.length()) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
            switch (name) {
                case "--vip" -> vips.add(vip(value));
                case "--interface" -> interfaces.add(interfaceName(value));
                default -> guePort = port(value);
            }
        }
        return new RealServerOptions(mode, vips, interfaces, guePort);
    }

    /**
     * A VIP: one unicast address, IPv4 ({@code a.b.c.d} or {@code a.b.c.d/32}) or IPv6 (a literal
     * such as {@code 2001:db8::100}, optionally {@code /128}; no zone, not link-local).
     */
    private static InetAddress vip(String text) {
        return text.indexOf(':') >= 0 ? vip6(text) : vip4(text);
    }

    private static Inet6Address vip6(String text) {
        String address = text.endsWith("/128") ? text.substring(0, text.length() - 4) : text;
        if (!IPV6_CHARACTERS.matcher(address).matches()) {
            throw new IllegalArgumentException(
                    "not an IPv6 address for --vip: '" + text + "' (a VIP is one address, such as 2001:db8::100)");
        }
        try {
            // In brackets the JDK parses a literal or fails: it never looks a name up.
            if (!(InetAddress.getByName("[" + address + "]") instanceof Inet6Address a)) {
                throw new IllegalArgumentException("not an IPv6 address for --vip: '" + text + "'");
            }
            if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isMulticastAddress() || a.isLinkLocalAddress()) {
                throw new IllegalArgumentException("--vip " + text + " is not a unicast address of global scope");
            }
            return a;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address for --vip: '" + text + "'");
        }
    }

    private static Inet4Address vip4(String text) {
        String address = text.endsWith("/32") ? text.substring(0, text.length() - 3) : text;
        var m = DOTTED_QUAD.matcher(address);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not an IPv4 address for --vip: '" + text + "' (a VIP is one address, a.b.c.d)");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(m.group(i + 1));
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address for --vip: '" + text + "'");
            }
            bytes[i] = (byte) octet;
        }
        try {
            Inet4Address a = (Inet4Address) InetAddress.getByAddress(bytes);
            if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isMulticastAddress()
                    || address.equals("255.255.255.255")) {
                throw new IllegalArgumentException("--vip " + text + " is not a unicast address");
            }
            return a;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }

    /** An address as an operator writes it and ip(8) prints it: dotted quad, or IPv6 as inet_ntop writes it. */
    static String text(InetAddress address) {
        return IpAddress.ofBytes(address.getAddress()).toString();
    }

    private static void requireDistinct(List<String> values, String what) {
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (!seen.add(v)) {
                throw new IllegalArgumentException(what + " " + v + " is given twice");
            }
        }
    }

    private static String interfaceName(String text) {
        if (!INTERFACE.matcher(text).matches()) {
            throw new IllegalArgumentException("not an interface name for --interface: '" + text + "'");
        }
        return text;
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port != 0) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below, as a number out of range is by the constructor.
        }
        throw new IllegalArgumentException("--gue-port must be 1..65535, not '" + text + "'");
    }
}
