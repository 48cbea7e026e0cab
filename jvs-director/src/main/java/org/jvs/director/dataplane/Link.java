package org.jvs.director.dataplane;

import java.util.function.IntPredicate;

/**
 * What the data plane knows of one of the director's interfaces: name, index in the forwarder's
 * list, MAC, MTU and primary IPv4 addresses. Immutable.
 */
final class Link {
    final String name;
    /** Position in the forwarder's interface list (not the kernel's ifindex). */
    final int slot;
    final long mac;
    final int mtu;
    private final int[] addresses;
    private final int[] prefixes;

    Link(String name, int slot, long mac, int mtu, int[] addresses, int[] prefixes) {
        this.name = name;
        this.slot = slot;
        this.mac = mac;
        this.mtu = mtu;
        this.addresses = addresses.clone();
        this.prefixes = prefixes.clone();
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

    @Override
    public String toString() {
        return name;
    }
}
