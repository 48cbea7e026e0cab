package org.jvs.ldirectord.config;

import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;

/**
 * Turns the host and service names of ldirectord.cf into addresses and ports, as ldirectord's
 * getaddrinfo/getservbyname wrappers do. Implementations are thread-safe.
 */
public interface NameResolver {

    /** The first address of {@code host} (a name or a literal without brackets) in the family, or null. */
    IpAddress host(String host, AddressFamily family);

    /**
     * The port a number (0..65535) or a service name stands for, or null. {@code protocol} is "tcp",
     * "udp" or "" for any protocol.
     */
    Integer port(String service, String protocol);

    /** The host name of an address by reverse lookup, or null (maintenance-file names). */
    String reverse(IpAddress address);
}
