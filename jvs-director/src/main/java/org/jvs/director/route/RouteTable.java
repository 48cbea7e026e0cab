package org.jvs.director.route;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The IPv4 routes of the director's network namespace, read from {@code /proc/net/route}, for
 * deciding where a forwarded packet leaves (the kernel's route lookup toward a real server or, for
 * NAT replies, the client). Longest prefix wins, then the lowest metric. Immutable and thread-safe;
 * reload by reading again.
 */
public final class RouteTable {
    /** One route: destination/mask (host-order), gateway (0 when on-link), interface. */
    public record Route(int destination, int mask, int gateway, String device, int metric) {
        boolean matches(int addr) {
            return (addr & mask) == destination;
        }
    }

    private final Route[] routes;

    private RouteTable(List<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((Route r) -> -Integer.bitCount(r.mask())).thenComparingInt(Route::metric));
        this.routes = sorted.toArray(Route[]::new);
    }

    /** Reads the routes of the calling process's network namespace. */
    public static RouteTable read() throws IOException {
        return parse(Files.readString(Path.of("/proc/net/route")));
    }

    /** Parses the text of /proc/net/route (hex fields in the kernel's little-endian byte order). */
    public static RouteTable parse(String text) {
        List<Route> routes = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            int flags = Integer.parseInt(f[3], 16);
            final int rtfUp = 0x1;
            if ((flags & rtfUp) == 0) {
                continue;
            }
            routes.add(new Route(hostOrder(f[1]), hostOrder(f[7]), hostOrder(f[2]), f[0], Integer.parseInt(f[6])));
        }
        return new RouteTable(routes);
    }

    private static int hostOrder(String littleEndianHex) {
        return Integer.reverseBytes((int) Long.parseLong(littleEndianHex, 16));
    }

    /** The best route to {@code addr} (host order), or null when there is none. Does not allocate. */
    public Route lookup(int addr) {
        for (Route r : routes) {
            if (r.matches(addr)) {
                return r;
            }
        }
        return null;
    }

    /** The next hop toward {@code addr}: the gateway, or the address itself when on-link. */
    public static int nextHop(Route r, int addr) {
        return r.gateway() != 0 ? r.gateway() : addr;
    }
}
