package org.jvs.ipvsadm.cli;

import java.util.HashMap;
import java.util.Map;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.Protocol;

/** A resolver with hand-written hosts and services, so tests never touch DNS. */
final class FakeNameResolver implements NameResolver {
    private final Map<String, IpAddress> hosts = new HashMap<>();
    private final Map<IpAddress, String> reverse = new HashMap<>();
    private final EtcServices services = EtcServices.parse("""
            ftp		21/tcp
            ssh		22/tcp
            domain		53/tcp
            domain		53/udp
            http		80/tcp		www		# WorldWideWeb HTTP
            https		443/tcp
            mysql		3306/tcp
            """);

    FakeNameResolver host(String name, String address) {
        IpAddress a = IpAddress.parseNumeric(address);
        hosts.put(name, a);
        reverse.put(a, name);
        return this;
    }

    @Override
    public IpAddress hostToIpv4(String name) {
        IpAddress a = hosts.get(name);
        return a != null && a.isV4() ? a : null;
    }

    @Override
    public String addressToHost(IpAddress address) {
        return reverse.get(address);
    }

    @Override
    public int serviceToPort(String name, Protocol protocol) {
        return protocol == null || protocol == Protocol.IP ? -1 : services.port(name, protocol.label().toLowerCase());
    }

    @Override
    public String portToService(int port, Protocol protocol) {
        return protocol == null || protocol == Protocol.IP ? null : services.name(port, protocol.label().toLowerCase());
    }
}
