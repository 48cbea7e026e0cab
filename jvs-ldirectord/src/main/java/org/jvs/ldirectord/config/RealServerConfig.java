package org.jvs.ldirectord.config;

import org.jvs.ipvs.IpAddress;

/**
 * One {@code real=} entry of a virtual service after name resolution (a range line yields one per
 * address). {@code request} and {@code receive} are null unless the line overrides the virtual's pair;
 * thresholds of 0 mean unset. Immutable.
 *
 * @param port the real port, 0 when the line gives none (intended for fwmark services)
 * @param line the configuration line the entry came from
 */
public record RealServerConfig(IpAddress address, int port, Forward forward, int weight, String request,
                               String receive, int lowerThreshold, int upperThreshold, int line) {

    /** {@code ip:port} as ldirectord logs it, IPv6 addresses in brackets. */
    public String text() {
        return Addresses.hostText(address) + ":" + port;
    }
}
