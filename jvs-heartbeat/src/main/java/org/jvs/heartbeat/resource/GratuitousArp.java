package org.jvs.heartbeat.resource;

import java.net.Inet4Address;

/**
 * Announces that an IPv4 address now lives on an interface, so the segment's neighbour caches
 * follow a moved VIP: heartbeat's send_arp sends {@code count} pairs of an ARP request and an ARP
 * reply, both with sender and target address the VIP and the broadcast MAC as destination, one pair
 * every {@code intervalMs}. Implementations return at once and send in the background (IPaddr2's
 * arp_bg), and must be thread-safe.
 */
public interface GratuitousArp {
    /** IPaddr2's arp_count default. */
    int DEFAULT_COUNT = 5;
    /** IPaddr2's arp_interval default, ms. */
    long DEFAULT_INTERVAL_MS = 200;

    /** Starts announcing {@code address} on {@code device}. */
    void announce(String device, Inet4Address address, int count, long intervalMs);

    /** Stops announcing {@code address} (it was removed before the announcements ended). */
    void cancel(Inet4Address address);
}
