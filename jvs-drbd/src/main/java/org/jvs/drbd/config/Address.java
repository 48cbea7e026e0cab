package org.jvs.drbd.config;

import java.net.InetSocketAddress;

/**
 * A replication endpoint as written in drbd.conf: {@code address [ipv4|ipv6|ssocks|sdp] HOST:PORT;}.
 * Immutable.
 *
 * @param family "ipv4" (also when omitted), "ipv6", "ssocks" or "sdp"
 * @param host   the numeric address, without brackets
 * @param port   TCP port, 1..65535
 */
public record Address(String family, String host, int port) {

    /** The socket address to bind or connect to. */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** The address as drbdadm dump prints it: {@code ipv4 10.1.1.31:7789} or {@code ipv6 [fd00::1]:7789}. */
    public String dumped() {
        return family.equals("ipv6") ? family + " [" + host + "]:" + port : family + " " + host + ":" + port;
    }

    /** {@code host:port}, with brackets for IPv6. */
    public String hostPort() {
        return family.equals("ipv6") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
