package org.jvs.ipvsadm.cli;

import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.Protocol;

/**
 * ipvsadm's addrport_to_anyname: {@code addr:port} for listings and saved rules, IPv6 in
 * brackets, numeric with {@code -n} and otherwise host and service names where they exist, cut at
 * 59 characters as ipvsadm's 60-byte buffer does. Not thread-safe (uses the resolver).
 */
final class AddressNames {
    private static final int BUFFER_CHARS = 59;

    private final NameResolver names;

    AddressNames(NameResolver names) {
        this.names = names;
    }

    /** {@code protocol} may be null (no service names, as for connections of protocol IP). */
    String addrPort(IpAddress address, int port, Protocol protocol, boolean numeric) {
        String host = null;
        String service = null;
        if (!numeric) {
            host = names.addressToHost(address);
            service = names.portToService(port, protocol);
        }
        if (host == null) {
            host = address.toString();
        }
        if (service == null) {
            service = Integer.toString(port);
        }
        String s = address.isV4() ? host + ":" + service : "[" + host + "]:" + service;
        return s.length() > BUFFER_CHARS ? s.substring(0, BUFFER_CHARS) : s;
    }
}
