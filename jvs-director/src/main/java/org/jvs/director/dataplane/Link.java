package org.jvs.director.dataplane;

import java.util.function.IntPredicate;
import org.jvs.director.route.Ipv6RouteTable;

/**
 * What the data plane knows of one of the director's interfaces: name, index in the forwarder's
 * list, MAC, MTU, primary IPv4 addresses and IPv6 addresses (global and link-local). Immutable.
 */
final class Link {
    /** Tests an IPv6 address given as its first and last eight bytes. */
    interface Ipv6Predicate {
        boolean test(long high, long low);
    }

    private static final int NO_ADDRESS = -1;

    final String name;
    /** Position in the forwarder's interface list (not the kernel's ifindex). */
    final int slot;
    final long mac;
    final int mtu;
    private final int[] addresses;
    private final int[] prefixes;
    private final long[] v6High;
    private final long[] v6Low;
    private final int[] v6Prefixes;

    /**
     * IPv4 addresses {@code addresses[i]/prefixes[i]}; IPv6 addresses
     * {@code v6High[i]:v6Low[i]/v6Prefixes[i]}, link-local ones included.
     */
    Link(String name, int slot, long mac, int mtu, int[] addresses, int[] prefixes, long[] v6High, long[] v6Low,
            int[] v6Prefixes) {
        this.name = name;
        this.slot = slot;
        this.mac = mac;
        this.mtu = mtu;
        this.addresses = addresses.clone();
        this.prefixes = prefixes.clone();
        this.v6High = v6High.clone();
        this.v6Low = v6Low.clone();
        this.v6Prefixes = v6Prefixes.clone();
    }

    /**
     * The address to speak from toward {@code target} (arp_announce=2 style): a primary address on
     * the target's subnet, never one {@code isVip} names — a real server holding a VIP on lo ignores
     * ARP from a sender address it owns itself.
     */
    int sourceFor(int target, IntPredicate isVip) {
        int fallback = 0;
        for (int i = 0; i < addresses.length; i++) {
            if (isVip.test(addresses[i])) {
                continue;
            }
            int mask = prefixes[i] == 0 ? 0 : -1 << (32 - prefixes[i]);
            if ((addresses[i] & mask) == (target & mask)) {
                return addresses[i];
            }
            if (fallback == 0) {
                fallback = addresses[i];
            }
        }
        return fallback != 0 ? fallback : (addresses.length == 0 ? 0 : addresses[0]);
    }

    /**
     * Which IPv6 address to speak from toward {@code high:low}, as {@link #sourceFor} for IPv4: one
     * on the target's prefix, else a global one, else the link-local one, none of them a VIP; a VIP
     * only when the link has nothing else (a NAT director whose client side holds just the VIP).
     *
     * @return an index for {@link #v6High}/{@link #v6Low}, or -1 when the link has no usable IPv6 address
     */
    int sourceForV6(long high, long low, Ipv6Predicate isVip) {
        int global = NO_ADDRESS;
        int linkLocal = NO_ADDRESS;
        int vip = NO_ADDRESS;
        for (int i = 0; i < v6High.length; i++) {
            if (isVip.test(v6High[i], v6Low[i])) {
                vip = vip == NO_ADDRESS ? i : vip;
                continue;
            }
            if (Ipv6RouteTable.prefixMatches(v6High[i], v6Low[i], v6Prefixes[i], high, low)) {
                return i;
            }
            if (isLinkLocal(v6High[i])) {
                linkLocal = linkLocal == NO_ADDRESS ? i : linkLocal;
            } else if (global == NO_ADDRESS) {
                global = i;
            }
        }
        return global != NO_ADDRESS ? global : linkLocal != NO_ADDRESS ? linkLocal : vip;
    }

    /** First eight bytes of the IPv6 address {@code index} (see {@link #sourceForV6}). */
    long v6High(int index) {
        return v6High[index];
    }

    /** Last eight bytes of the IPv6 address {@code index}. */
    long v6Low(int index) {
        return v6Low[index];
    }

    private static boolean isLinkLocal(long high) {
        return (high >>> 54) == (0xFE80L >>> 6);
    }

    @Override
    public String toString() {
        return name;
    }
}
