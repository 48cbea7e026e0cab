package org.jvs.ldirectord.config;

import static org.jvs.ldirectord.config.Directives.re;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;

/**
 * The address-bearing lines of ldirectord.cf: {@code real=} (with {@code a->b} ranges, weight,
 * request/receive pair and {@code l:}/{@code u:} thresholds), {@code fallback=}, and the resolution
 * of a virtual's {@code host:port} — done once the block is complete, as ldirectord does, because
 * service names resolve per protocol. Thread-safe (no mutable state).
 */
final class RealLineParser {
    private static final String HOST = "(\\d+\\.\\d+\\.\\d+\\.\\d+|[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:]+\\])";
    private static final Pattern REAL = re(HOST + "(->" + HOST + ")?(:(\\d+|[A-Za-z0-9_-]+))?\\s+(.*)");
    private static final Pattern FORWARD = re("(\\w+)(.*)");
    private static final Pattern WEIGHT = re("\\s+(\\d+)(.*)");
    private static final Pattern PAIR = re("\\s+\"(.*)\"[, ]\\s*\"(.*)\"(.*)");
    private static final Pattern LOWER = re("\\s+l:(\\d+)(.*)");
    private static final Pattern UPPER = re("\\s+u:(\\d+)(.*)");
    private static final Pattern TRAILING_PORT = re("(:(\\d+|[A-Za-z0-9_-]+))?$");
    private static final Pattern FALLBACK_WORDS = re("(\\S+)(\\s+(\\S+))?\\s*$");

    private final Path file;
    private final NameResolver resolver;

    RealLineParser(Path file, NameResolver resolver) {
        this.file = file;
        this.resolver = resolver;
    }

    /** {@code fallback=host[:port] [gate|masq|ipip]}; a virtual's fallback defaults to the virtual's port. */
    VirtualDraft.ParsedFallback parseFallback(String value, VirtualDraft virtual, int line) throws ConfigException {
        String hostPort = value;
        String fwd = null;
        Matcher words = FALLBACK_WORDS.matcher(value);
        if (words.find()) {
            fwd = words.group(3);
            hostPort = words.group(1);
        }
        Matcher port = TRAILING_PORT.matcher(hostPort);
        port.find();
        String portText = port.group(2);
        String host = hostPort.substring(0, port.start());
        if (portText == null && virtual != null) {
            portText = virtual.portText;
        }
        Forward forward = Forward.GATE;
        if (fwd != null && !fwd.isEmpty()) {
            forward = Forward.ofWord(fwd);
            if (forward == null) {
                throw new ConfigException(file, line, "forward method must be gate, masq or ipip");
            }
        }
        return new VirtualDraft.ParsedFallback(host, portText, forward);
    }

    /** Resolves a fallback for one protocol; a missing port stays 0 (the virtual's port applies later). */
    FallbackConfig resolveFallback(VirtualDraft.ParsedFallback f, VirtualProtocol protocol, AddressFamily af,
                                   int unusedPort, int line) throws ConfigException {
        IpAddress address = resolver.host(stripBrackets(f.host()), af);
        if (address == null) {
            throw new ConfigException(file, line, "invalid " + (af == AddressFamily.INET ? "IPv4" : "IPv6")
                    + " address or could not resolve for fallback server: " + f.host());
        }
        int port = unusedPort;
        if (f.port() != null && !f.port().isEmpty() && !f.port().equals("0")) {
            Integer p = resolver.port(f.port(), protocol == VirtualProtocol.FWM ? "" : protocol.word());
            if (p == null || p == 0) {
                throw new ConfigException(file, line, "invalid port for fallback server");
            }
            port = p;
        }
        return new FallbackConfig(address, port, f.forward());
    }

    /** Resolves a finished block: its fallback, its address and port, its default service, its real servers. */
    void resolveVirtual(VirtualDraft v) throws ConfigException {
        if (v.fallback != null) {
            v.resolvedFallback = resolveFallback(v.fallback, v.protocol, v.family, 0, v.fallbackLine);
        }
        if (v.hostPort != null) {
            Matcher port = TRAILING_PORT.matcher(v.hostPort);
            port.find();
            IpAddress address = resolver.host(stripBrackets(v.hostPort.substring(0, port.start())), v.family);
            Integer p = port.group(2) == null ? null : resolver.port(port.group(2), v.protocol.word());
            if (address == null || p == null) {
                throw new ConfigException(file, v.line, "invalid address for virtual service");
            }
            v.address = address;
            v.port = p;
            if (v.service == null) {
                v.service = ServiceType.forPort(p);
            }
        }
        if (v.resolvedFallback != null && v.resolvedFallback.port() == 0 && v.fallback.port() == null) {
            v.resolvedFallback = new FallbackConfig(v.resolvedFallback.address(), v.port, v.resolvedFallback.forward());
        }
        for (String[] todo : v.realLines) {
            real(v, todo[0], Integer.parseInt(todo[1]));
        }
    }

    private void real(VirtualDraft v, String text, int line) throws ConfigException {
        Matcher m = REAL.matcher(text);
        if (!m.find()) {
            throw new ConfigException(file, line, "invalid address for real server (wrong format)");
        }
        String ip1 = m.group(1);
        String ip2 = m.group(3);
        String portText = m.group(5) != null ? m.group(5) : "0";
        IpAddress first = resolver.host(stripBrackets(ip1), v.family);
        if (first == null) {
            throw new ConfigException(file, line, "invalid address (" + ip1 + ") for real server (could not resolve host)");
        }
        Integer port = resolver.port(portText, "");
        if (port == null) {
            throw new ConfigException(file, line, "invalid port (" + portText + ") for real server (could not resolve port)");
        }
        if (ip2 == null) {
            v.reals.add(flags(first, port, m.group(6), line));
            return;
        }
        IpAddress last = resolver.host(stripBrackets(ip2), v.family);
        if (last == null) {
            throw new ConfigException(file, line,
                    "invalid address (" + ip2 + ") for real server (could not resolve end host)");
        }
        if (v.family == AddressFamily.INET6) {
            throw new ConfigException(file, line, "Address range for IPv6 is not supported yet");
        }
        long from = first.v4() & 0xFFFF_FFFFL;
        long to = last.v4() & 0xFFFF_FFFFL;
        if (from > to) {
            throw new ConfigException(file, line, "Invalid Range: " + first + "-" + last
                    + ": First value must be greater than or equal to the second value");
        }
        for (long a = from; a <= to; a++) {
            v.reals.add(flags(IpAddress.ofV4((int) a), port, m.group(6), line));
        }
    }

    /** {@code gate|masq|ipip [weight] ["request", "receive"] [l:N] [u:N]}, nothing else. */
    private RealServerConfig flags(IpAddress address, int port, String flags, int line) throws ConfigException {
        Matcher f = FORWARD.matcher(flags);
        Forward forward = f.find() ? Forward.ofWord(f.group(1)) : null;
        if (forward == null) {
            throw new ConfigException(file, line, "forward method must be gate, masq or ipip");
        }
        String rest = f.group(2);
        int weight = 1;
        Matcher m = WEIGHT.matcher(rest);
        if (m.find()) {
            Integer w = Directives.firstNumber(m.group(1));
            if (w == null) {
                throw new ConfigException(file, line, "Invalid real server line, around \"" + rest + "\"");
            }
            weight = w;
            rest = m.group(2);
        }
        String request = null;
        String receive = null;
        m = PAIR.matcher(rest);
        if (m.find()) {
            request = m.group(1).startsWith("/") ? m.group(1) : "/" + m.group(1);
            receive = m.group(2);
            rest = m.group(3);
        }
        int lower = 0;
        m = LOWER.matcher(rest);
        if (m.find()) {
            lower = threshold(m.group(1), rest, line);
            rest = m.group(2);
        }
        int upper = 0;
        m = UPPER.matcher(rest);
        if (m.find()) {
            upper = threshold(m.group(1), rest, line);
            rest = m.group(2);
        }
        if (!rest.isBlank()) {
            throw new ConfigException(file, line, "Invalid real server line, around \"" + rest + "\"");
        }
        if (receive != null) {
            Regex.check(file, line, receive);
        }
        return new RealServerConfig(address, port, forward, weight, request, receive, lower, upper, line);
    }

    private int threshold(String digits, String rest, int line) throws ConfigException {
        Integer v = Directives.firstNumber(digits);
        if (v == null) {
            throw new ConfigException(file, line, "Invalid real server line, around \"" + rest + "\"");
        }
        return v;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
