package org.jvs.ipvs.service;

/**
 * The operator-set attributes of a virtual service, what {@code ipvsadm -A/-E} sends
 * (ip_vs_service_user). Persistence timeout in seconds; {@code netmask} is an IPv4 mask as a
 * host-order int for IPv4 services and a prefix length for IPv6 services.
 */
public record ServiceConfig(ServiceKey key, String scheduler, int flags, int timeoutSec, int netmask, String peName) {

    /** IPv4 default persistence mask 255.255.255.255. */
    public static final int V4_HOST_MASK = -1;
    /** IPv6 default persistence prefix. */
    public static final int V6_HOST_PREFIX = 128;

    public ServiceConfig {
        if (peName == null) {
            peName = "";
        }
    }

    public boolean persistent() {
        return (flags & ServiceFlags.PERSISTENT) != 0;
    }

    public boolean onePacket() {
        return (flags & ServiceFlags.ONEPACKET) != 0;
    }

    /** The persistence mask as a prefix length, whatever the family. */
    public int netmaskPrefix() {
        return key.family() == org.jvs.ipvs.AddressFamily.INET ? Integer.bitCount(netmask) : netmask;
    }
}
