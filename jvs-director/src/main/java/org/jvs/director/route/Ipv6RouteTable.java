package org.jvs.director.route;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The IPv6 routes of the director's network namespace, read from {@code /proc/net/ipv6_route} (all
 * routing tables: main and local), the counterpart of {@link RouteTable}. Routes flagged RTF_LOCAL
 * or RTF_ANYCAST are this host's own addresses and answer {@link #isLocal}; the others answer
 * {@link #lookup}: longest prefix, then lowest metric. Reject routes (the kernel's "unreachable"
 * defaults) are left out, so a destination with no usable route has none. Addresses are two longs,
 * first eight bytes then last eight, as {@link org.jvs.packet.Ipv6Header} reads them. Immutable and
 * thread-safe; reload by reading again.
 */
public final class Ipv6RouteTable {
    private static final long RTF_UP = 0x0001;
    private static final long RTF_REJECT = 0x0200;
    private static final long RTF_ANYCAST = 0x0010_0000;
    private static final long RTF_LOCAL = 0x8000_0000L;

    /** One route: destination/prefix, gateway (:: when on-link), interface, metric. */
    public record Route(long destinationHigh, long destinationLow, int prefixLength, long gatewayHigh,
                        long gatewayLow, String device, long metric) {
        boolean matches(long high, long low) {
            return prefixMatches(destinationHigh, destinationLow, prefixLength, high, low);
        }

        /** Whether the destination is reached through a gateway rather than on-link. */
        public boolean hasGateway() {
            return gatewayHigh != 0 || gatewayLow != 0;
        }
    }

    private static final Ipv6RouteTable EMPTY = new Ipv6RouteTable(List.of(), List.of());

    private final Route[] routes;
    private final Route[] locals;

    private Ipv6RouteTable(List<Route> routes, List<Route> locals) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((Route r) -> -r.prefixLength()).thenComparingLong(Route::metric));
        this.routes = sorted.toArray(Route[]::new);
        this.locals = locals.toArray(Route[]::new);
    }

    /** Reads the routes of the calling process's network namespace; none when IPv6 is disabled. */
    public static Ipv6RouteTable read() throws IOException {
        try {
            return parse(Files.readString(Path.of("/proc/net/ipv6_route")));
        } catch (NoSuchFileException e) {
            return EMPTY;
        }
    }

    /**
     * Parses the text of /proc/net/ipv6_route: per line destination (32 hex digits), prefix length,
     * source and its length, next hop, metric, reference count, use count, flags (all hex) and device.
     */
    public static Ipv6RouteTable parse(String text) {
        List<Route> routes = new ArrayList<>();
        List<Route> locals = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || f[0].length() != 32 || f[4].length() != 32) {
                continue;
            }
            long flags = Long.parseLong(f[8], 16);
            if ((flags & RTF_UP) == 0 || (flags & RTF_REJECT) != 0) {
                continue;
            }
            Route r = new Route(Long.parseUnsignedLong(f[0].substring(0, 16), 16),
                    Long.parseUnsignedLong(f[0].substring(16), 16), Integer.parseInt(f[1], 16),
                    Long.parseUnsignedLong(f[4].substring(0, 16), 16), Long.parseUnsignedLong(f[4].substring(16), 16),
                    f[9], Long.parseLong(f[5], 16));
            ((flags & (RTF_LOCAL | RTF_ANYCAST)) != 0 ? locals : routes).add(r);
        }
        return new Ipv6RouteTable(routes, locals);
    }

    /** Whether the first {@code prefixLength} bits of the two addresses are equal. */
    public static boolean prefixMatches(long prefixHigh, long prefixLow, int prefixLength, long high, long low) {
        if (prefixLength <= 0) {
            return true;
        }
        if (prefixLength <= 64) {
            return ((prefixHigh ^ high) >>> (64 - prefixLength)) == 0;
        }
        return prefixHigh == high
                && (prefixLength >= 128 ? prefixLow == low : ((prefixLow ^ low) >>> (128 - prefixLength)) == 0);
    }

    /** Whether {@code high:low} is an address of this host. Does not allocate. */
    public boolean isLocal(long high, long low) {
        for (Route r : locals) {
            if (r.matches(high, low)) {
                return true;
            }
        }
        return false;
    }

    /** The best route to {@code high:low}, or null when there is none. Does not allocate. */
    public Route lookup(long high, long low) {
        for (Route r : routes) {
            if (r.matches(high, low)) {
                return r;
            }
        }
        return null;
    }
}
