package org.jvs.ipvsadm.cli;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.Protocol;

/**
 * Name lookups through the JVM's resolver (which follows {@code /etc/hosts} and DNS as the C
 * library does) and a parsed {@code /etc/services}, read on first use. Reverse lookups are cached
 * for the life of the instance, one ipvsadm run, so a listing asks once per address. Not
 * thread-safe.
 */
public final class SystemNameResolver implements NameResolver {
    private final Path servicesFile;
    private final Map<IpAddress, String> reverse = new HashMap<>();
    private EtcServices services;

    public SystemNameResolver() {
        this(EtcServices.DEFAULT);
    }

    public SystemNameResolver(Path servicesFile) {
        this.servicesFile = servicesFile;
    }

    @Override
    public IpAddress hostToIpv4(String name) {
        if (name.isEmpty()) {
            return null; // the JDK would answer the loopback address; gethostbyname("") fails
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(name)) {
                if (a instanceof Inet4Address) {
                    return IpAddress.ofBytes(a.getAddress());
                }
            }
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
        return null;
    }

    @Override
    public String addressToHost(IpAddress address) {
        if (reverse.containsKey(address)) {
            return reverse.get(address);
        }
        InetAddress ia = address.toInetAddress();
        String host = ia.getHostName();
        // getHostName answers the literal when there is no name; gethostbyaddr answers nothing.
        String name = host.equals(ia.getHostAddress()) ? null : host;
        reverse.put(address, name);
        return name;
    }

    @Override
    public int serviceToPort(String name, Protocol protocol) {
        String p = protocolName(protocol);
        return p == null ? -1 : services().port(name, p);
    }

    @Override
    public String portToService(int port, Protocol protocol) {
        String p = protocolName(protocol);
        return p == null ? null : services().name(port, p);
    }

    private EtcServices services() {
        if (services == null) {
            try {
                services = EtcServices.load(servicesFile);
            } catch (IOException e) {
                // An unreadable database makes every getservbyname fail, nothing worse.
                services = EtcServices.parse("");
            }
        }
        return services;
    }

    private static String protocolName(Protocol protocol) {
        if (protocol == null) {
            return null;
        }
        return switch (protocol) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case SCTP -> "sctp";
            case IP -> null;
        };
    }
}
