package org.jvs.ipvs.service;

import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;

/**
 * What identifies a virtual service: either {@code <protocol, address, port>} or a firewall mark
 * (then protocol is TCP, address is the family's any-address and port 0, as ipvsadm sends it).
 */
public record ServiceKey(AddressFamily family, Protocol protocol, IpAddress address, int port, int fwmark) {

    public ServiceKey {
        if (address.family() != family) {
            throw new IllegalArgumentException("address family mismatch");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A {@code -t/-u/--sctp-service} key. */
    public static ServiceKey of(Protocol protocol, IpAddress address, int port) {
        return new ServiceKey(address.family(), protocol, address, port, 0);
    }

    /** A {@code -f MARK [-6]} key. */
    public static ServiceKey ofFwmark(int fwmark, AddressFamily family) {
        return new ServiceKey(family, Protocol.TCP,
                family == AddressFamily.INET ? IpAddress.V4_ANY : IpAddress.V6_ANY, 0, fwmark);
    }

    public boolean isFwmark() {
        return fwmark != 0;
    }
}
