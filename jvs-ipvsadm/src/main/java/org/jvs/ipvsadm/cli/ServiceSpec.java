package org.jvs.ipvsadm.cli;

import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvs.service.ServiceKey;

/**
 * The virtual service being assembled from the command line (ipvsadm's ipvs_service_t), filled
 * field by field in option order so that its order-dependent quirks come out as in ipvsadm: a
 * later {@code -t [v6]} resets the netmask, {@code -M} reads an IPv6 prefix only once the family
 * is IPv6, {@code -r} resolves service names with the protocol known so far. A null family means
 * "not set" (AF_UNSPEC), a null address the all-zero address. Not thread-safe.
 */
final class ServiceSpec {
    AddressFamily family;
    /** IP protocol number; 0 until a service option sets it. */
    int protocol;
    IpAddress address;
    int port;
    /** Unsigned 32-bit mark, 0 when none. */
    int fwmark;
    String scheduler = "";
    int flags;
    int timeoutSec;
    /** Host-order IPv4 mask, or an IPv6 prefix length. */
    int netmask = ServiceConfig.V4_HOST_MASK;
    String peName = "";

    /** A field-by-field copy, as ipvsadm copies the service before parsing {@code -r} into it. */
    ServiceSpec copy() {
        ServiceSpec c = new ServiceSpec();
        c.family = family;
        c.protocol = protocol;
        c.address = address;
        c.port = port;
        c.fwmark = fwmark;
        c.scheduler = scheduler;
        c.flags = flags;
        c.timeoutSec = timeoutSec;
        c.netmask = netmask;
        c.peName = peName;
        return c;
    }

    boolean persistent() {
        return (flags & ServiceFlags.PERSISTENT) != 0;
    }

    /** Whether any of fwmark, address or port was given (ipvs_zero_service zeroes all otherwise). */
    boolean isSet() {
        return fwmark != 0 || port != 0 || (address != null && (address.hi() != 0 || address.lo() != 0));
    }

    /** The key the kernel would look the service up by. */
    ServiceKey key() {
        AddressFamily f = family == null ? AddressFamily.INET : family;
        if (fwmark != 0) {
            return ServiceKey.ofFwmark(fwmark, f);
        }
        IpAddress a = address != null ? address : (f == AddressFamily.INET ? IpAddress.V4_ANY : IpAddress.V6_ANY);
        return new ServiceKey(a.family(), Protocol.ofNumber(protocol), a, port, 0);
    }

    ServiceConfig config() {
        return new ServiceConfig(key(), scheduler, flags, timeoutSec, netmask, peName);
    }
}
