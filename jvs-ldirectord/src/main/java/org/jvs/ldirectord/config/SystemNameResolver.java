package org.jvs.ldirectord.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;

/**
 * The machine's resolver: literals are parsed, names go through the system resolver, service
 * names through a services(5) file read on each lookup (lookups happen only while parsing a
 * configuration). Thread-safe.
 */
public final class SystemNameResolver implements NameResolver {
    private final Path servicesFile;

    /** @param servicesFile normally {@code /etc/services} */
    public SystemNameResolver(Path servicesFile) {
        this.servicesFile = servicesFile;
    }

    /** The resolver of this machine, with {@code /etc/services}. */
    public static SystemNameResolver standard() {
        return new SystemNameResolver(Path.of("/etc/services"));
    }

    @Override
    public IpAddress host(String host, AddressFamily family) {
        IpAddress literal = IpAddress.parseNumeric(host);
        if (literal != null) {
            return literal.family() == family ? literal : null;
        }
        if (host.isEmpty() || host.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':')) {
            return null;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                boolean match = family == AddressFamily.INET ? a instanceof Inet4Address : a instanceof Inet6Address;
                if (match) {
                    return IpAddress.ofBytes(a.getAddress());
                }
            }
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    @Override
    public Integer port(String service, String protocol) {
        if (service.chars().allMatch(Character::isDigit) && !service.isEmpty()) {
            if (service.length() > 5) {
                return null;
            }
            int p = Integer.parseInt(service);
            return p < 65536 ? p : null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(servicesFile);
        } catch (IOException e) {
            return null;
        }
        for (String raw : lines) {
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length < 2 || !f[1].contains("/")) {
                continue;
            }
            String[] portProto = f[1].split("/", 2);
            if (!protocol.isEmpty() && !portProto[1].equals(protocol)) {
                continue;
            }
            for (int i = 0; i < f.length; i++) {
                if (i != 1 && f[i].equals(service)) {
                    return Integer.valueOf(portProto[0]);
                }
            }
        }
        return null;
    }

    @Override
    public String reverse(IpAddress address) {
        String name = address.toInetAddress().getCanonicalHostName();
        // getCanonicalHostName answers the literal itself when no PTR record exists.
        return name.equals(address.toInetAddress().getHostAddress()) ? null : name;
    }
}
