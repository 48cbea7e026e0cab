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
 * NAT replies, the client). Longest prefix wins, then the lowest metric. Also the namespace's local
 * routes from {@code /proc/net/fib_trie} (its own addresses and 127/8), because a real server at a
 * local address is this host itself, as the kernel's {@code inet_addr_type() == RTN_LOCAL} test
 * decides. Immutable and thread-safe; reload by reading again.
 */
public final class RouteTable {
    /** One route: destination/mask (host-order), gateway (0 when on-link), interface. */
    public record Route(int destination, int mask, int gateway, String device, int metric) {
        boolean matches(int addr) {
            return (addr & mask) == destination;
        }
    }

    private final Route[] routes;
    /** Local routes as address/mask pairs (host order), e.g. 127.0.0.0/8 and every /32 of the host. */
    private final int[] locals;

    private RouteTable(List<Route> routes, int[] locals) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((Route r) -> -Integer.bitCount(r.mask())).thenComparingInt(Route::metric));
        this.routes = sorted.toArray(Route[]::new);
        this.locals = locals;
    }

    /** Reads the routes and local addresses of the calling process's network namespace. */
    public static RouteTable read() throws IOException {
        return parse(Files.readString(Path.of("/proc/net/route")), Files.readString(Path.of("/proc/net/fib_trie")));
    }

    /** Parses the text of /proc/net/route; no address counts as local. */
    public static RouteTable parse(String text) {
        return parse(text, "");
    }

    /**
     * Parses the text of /proc/net/route (hex fields in the kernel's little-endian byte order) and
     * of /proc/net/fib_trie, whose {@code |-- ADDRESS} lines are followed by one {@code /LEN scope
     * TYPE} line per route there; the LOCAL ones are kept.
     */
    public static RouteTable parse(String text, String fibTrie) {
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
        return new RouteTable(routes, localRoutes(fibTrie));
    }

    private static int[] localRoutes(String fibTrie) {
        List<Long> pairs = new ArrayList<>();
        int address = 0;
        for (String line : fibTrie.split("\n")) {
            String t = line.trim();
            if (t.startsWith("|-- ")) {
                address = parseDotted(t.substring(4));
            } else if (t.startsWith("/") && t.endsWith(" LOCAL")) {
                int len = Integer.parseInt(t.substring(1, t.indexOf(' ')));
                int mask = len == 0 ? 0 : -1 << (32 - len);
                long pair = ((long) (address & mask) << 32) | (mask & 0xFFFF_FFFFL);
                if (!pairs.contains(pair)) {
                    pairs.add(pair);
                }
            }
        }
        int[] out = new int[pairs.size() * 2];
        for (int i = 0; i < pairs.size(); i++) {
            out[2 * i] = (int) (pairs.get(i) >>> 32);
            out[2 * i + 1] = (int) (long) pairs.get(i);
        }
        return out;
    }

    private static int parseDotted(String dotted) {
        String[] b = dotted.split("\\.");
        if (b.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address in /proc/net/fib_trie: " + dotted);
        }
        int a = 0;
        for (String part : b) {
            a = (a << 8) | Integer.parseInt(part);
        }
        return a;
    }

    /** Whether {@code addr} (host order) is an address of this host. Does not allocate. */
    public boolean isLocal(int addr) {
        for (int i = 0; i < locals.length; i += 2) {
            if ((addr & locals[i + 1]) == locals[i]) {
                return true;
            }
        }
        return false;
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
