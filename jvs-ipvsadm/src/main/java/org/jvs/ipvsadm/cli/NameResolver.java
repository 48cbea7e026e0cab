package org.jvs.ipvsadm.cli;

import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.Protocol;

/**
 * The name lookups ipvsadm makes through the C library: host names to IPv4 addresses
 * (gethostbyname), addresses to host names (gethostbyaddr) and service names to ports and back
 * (getservbyname/getservbyport, for tcp, udp and sctp only). Implementations must be usable from
 * one thread; ipvsadm never calls them concurrently.
 */
public interface NameResolver {

    /** The first IPv4 address of {@code name}, or null when it has none. */
    IpAddress hostToIpv4(String name);

    /** The host name of {@code address}, or null when it has none. */
    String addressToHost(IpAddress address);

    /** The port of service {@code name} for {@code protocol}, or -1 when unknown (also for other protocols). */
    int serviceToPort(String name, Protocol protocol);

    /** The service name of {@code port} for {@code protocol}, or null when unknown (also for other protocols). */
    String portToService(int port, Protocol protocol);
}
