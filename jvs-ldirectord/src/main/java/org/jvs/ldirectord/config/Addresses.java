package org.jvs.ldirectord.config;

import org.jvs.ipvs.IpAddress;

/** How ldirectord writes addresses: dotted quads, and IPv6 in brackets. Stateless. */
public final class Addresses {
    private Addresses() {
    }

    /** The address as ldirectord stores it after resolution: IPv6 inside brackets. */
    public static String hostText(IpAddress address) {
        return address.isV4() ? address.toString() : "[" + address + "]";
    }
}
