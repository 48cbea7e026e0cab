package org.jvs.ldirectord.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceFlags;
import org.jvs.ipvs.service.ServiceKey;

/**
 * The table through the {@code ipvsadm} command, as the real ldirectord drives it: edits are
 * ipvsadm runs, the state is read from {@code ipvsadm -L -n} and {@code ipvsadm -L -n --thresholds}
 * with ldirectord's parsing. Works with the kernel's ipvsadm and with jvs's drop-in. A failed run
 * is a {@link TableException} with ipvsadm's error output. Thread-safe (each call is a process).
 */
public final class IpvsadmCommandTable implements DirectorTable {
    private static final Pattern SERVICE = Pattern.compile(
            "^(\\w+)\\s+(\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+|\\[[0-9A-Fa-f:]+\\]:\\d+|\\d+)( IPv6)?\\s+(\\w+)"
                    + "(?:\\s+persistent\\s+(\\d+)(?:\\s+mask\\s+(\\S+))?)?");
    private static final Pattern DEST = Pattern.compile(
            "^  ->\\s+(\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+|\\[[0-9A-Fa-f:]+\\]:\\d+)\\s+(\\w+)\\s+(\\d+)");
    private static final Pattern THRESHOLDS = Pattern.compile(
            "^  ->\\s+(\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+|\\[[0-9A-Fa-f:]+\\]:\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)");
    private static final long TIMEOUT_SECONDS = 30;

    private final Path ipvsadm;

    public IpvsadmCommandTable(Path ipvsadm) {
        this.ipvsadm = ipvsadm;
    }

    /** ldirectord's choice: {@code ./ipvsadm} in debug mode, else /sbin/ipvsadm, else /usr/sbin/ipvsadm. */
    public static Optional<Path> find(boolean debug) {
        if (debug && Files.isRegularFile(Path.of("ipvsadm"))) {
            return Optional.of(Path.of("./ipvsadm"));
        }
        for (String p : List.of("/sbin/ipvsadm", "/usr/sbin/ipvsadm")) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(Path.of(p));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<TableService> services() throws TableException {
        return parse(run(List.of("-L", "-n")), run(List.of("-L", "-n", "--thresholds")));
    }

    @Override
    public Optional<TableService> service(ServiceKey key) throws TableException {
        return services().stream().filter(s -> s.config().key().equals(key)).findFirst();
    }

    @Override
    public void addService(ServiceConfig s) throws TableException {
        run(serviceArgs("-A", s));
    }

    @Override
    public void editService(ServiceConfig s) throws TableException {
        run(serviceArgs("-E", s));
    }

    @Override
    public void deleteService(ServiceKey key) throws TableException {
        List<String> args = new ArrayList<>(List.of("-D"));
        args.addAll(keyArgs(key));
        run(args);
    }

    @Override
    public void addReal(ServiceKey key, DestConfig real) throws TableException {
        run(destArgs("-a", key, real));
    }

    @Override
    public void editReal(ServiceKey key, DestConfig real) throws TableException {
        run(destArgs("-e", key, real));
    }

    @Override
    public void deleteReal(ServiceKey key, IpAddress address, int port) throws TableException {
        List<String> args = new ArrayList<>(List.of("-d"));
        args.addAll(keyArgs(key));
        args.addAll(List.of("-r", hostPort(address, port)));
        run(args);
    }

    /** Reads {@code ipvsadm -L -n} and its {@code --thresholds} variant into services. */
    static List<TableService> parse(String listing, String thresholds) {
        Map<ServiceKey, ServiceConfig> configs = new LinkedHashMap<>();
        Map<ServiceKey, Map<String, DestConfig>> dests = new LinkedHashMap<>();
        ServiceKey current = null;
        for (String line : listing.split("\n")) {
            Matcher s = SERVICE.matcher(line);
            Matcher d = DEST.matcher(line);
            if (s.find()) {
                current = key(s.group(1), s.group(2), s.group(3) != null);
                if (current != null) {
                    int timeout = s.group(5) != null ? Integer.parseInt(s.group(5)) : 0;
                    configs.put(current, new ServiceConfig(current, s.group(4), timeout > 0 ? ServiceFlags.PERSISTENT : 0,
                            timeout, netmask(current.family(), s.group(6)), ""));
                    dests.put(current, new LinkedHashMap<>());
                }
            } else if (d.find() && current != null) {
                ForwardingMethod m = switch (d.group(2)) {
                    case "Masq" -> ForwardingMethod.MASQ;
                    case "Tunnel" -> ForwardingMethod.TUNNEL;
                    case "Local" -> ForwardingMethod.LOCAL;
                    default -> ForwardingMethod.ROUTE;
                };
                String[] hp = splitHostPort(d.group(1));
                dests.get(current).put(d.group(1), new DestConfig(IpAddress.parseNumeric(hp[0]), Integer.parseInt(hp[1]),
                        m, Integer.parseInt(d.group(3)), 0, 0, null));
            }
        }
        current = null;
        for (String line : thresholds.split("\n")) {
            Matcher s = SERVICE.matcher(line);
            Matcher t = THRESHOLDS.matcher(line);
            if (s.find()) {
                current = key(s.group(1), s.group(2), s.group(3) != null);
            } else if (t.find() && current != null && dests.containsKey(current)) {
                DestConfig d = dests.get(current).get(t.group(1));
                if (d != null) {
                    dests.get(current).put(t.group(1), new DestConfig(d.address(), d.port(), d.method(), d.weight(),
                            Integer.parseInt(t.group(2)), Integer.parseInt(t.group(3)), null));
                }
            }
        }
        List<TableService> out = new ArrayList<>();
        configs.forEach((k, c) -> out.add(new TableService(c, List.copyOf(dests.get(k).values()))));
        return out;
    }

    private static ServiceKey key(String proto, String where, boolean v6mark) {
        if (proto.equals("FWM")) {
            return ServiceKey.ofFwmark(Integer.parseInt(where), v6mark ? AddressFamily.INET6 : AddressFamily.INET);
        }
        Protocol p = switch (proto) {
            case "TCP" -> Protocol.TCP;
            case "UDP" -> Protocol.UDP;
            case "SCTP" -> Protocol.SCTP;
            default -> null;
        };
        String[] hp = splitHostPort(where);
        IpAddress a = IpAddress.parseNumeric(hp[0]);
        return p == null || a == null ? null : ServiceKey.of(p, a, Integer.parseInt(hp[1]));
    }

    private static int netmask(AddressFamily family, String mask) {
        if (family == AddressFamily.INET6) {
            return mask == null ? ServiceConfig.V6_HOST_PREFIX : Integer.parseInt(mask.replaceAll("\\D", ""));
        }
        IpAddress m = mask == null ? null : IpAddress.parseNumeric(mask);
        return m == null ? ServiceConfig.V4_HOST_MASK : m.v4();
    }

    private static String[] splitHostPort(String s) {
        int colon = s.lastIndexOf(':');
        return new String[] {s.substring(0, colon).replace("[", "").replace("]", ""), s.substring(colon + 1)};
    }

    private static List<String> serviceArgs(String op, ServiceConfig s) {
        List<String> args = new ArrayList<>(List.of(op));
        args.addAll(keyArgs(s.key()));
        if (s.onePacket()) {
            args.add("-o");
        }
        args.addAll(List.of("-s", s.scheduler()));
        if (s.persistent()) {
            args.addAll(List.of("-p", Integer.toString(s.timeoutSec())));
            args.addAll(List.of("-M", s.key().family() == AddressFamily.INET
                    ? IpAddress.ofV4(s.netmask()).toString() : Integer.toString(s.netmask())));
        }
        List<String> flags = new ArrayList<>();
        if ((s.flags() & ServiceFlags.SCHED1) != 0) {
            flags.add("flag-1");
        }
        if ((s.flags() & ServiceFlags.SCHED2) != 0) {
            flags.add("flag-2");
        }
        if ((s.flags() & ServiceFlags.SCHED3) != 0) {
            flags.add("flag-3");
        }
        if (!flags.isEmpty()) {
            args.addAll(List.of("-b", String.join(",", flags)));
        }
        return args;
    }

    private static List<String> destArgs(String op, ServiceKey key, DestConfig d) {
        List<String> args = new ArrayList<>(List.of(op));
        args.addAll(keyArgs(key));
        args.addAll(List.of("-x", Integer.toString(d.upperThreshold()), "-y", Integer.toString(d.lowerThreshold()),
                "-r", hostPort(d.address(), d.port()), switch (d.method()) {
                    case MASQ -> "-m";
                    case TUNNEL -> "-i";
                    case ROUTE, LOCAL -> "-g";
                }, "-w", Integer.toString(d.weight())));
        return args;
    }

    private static List<String> keyArgs(ServiceKey key) {
        if (key.isFwmark()) {
            return key.family() == AddressFamily.INET6 ? List.of("-f", Integer.toString(key.fwmark()), "-6")
                    : List.of("-f", Integer.toString(key.fwmark()));
        }
        String sw = switch (key.protocol()) {
            case UDP -> "-u";
            case SCTP -> "--sctp-service";
            default -> "-t";
        };
        return List.of(sw, hostPort(key.address(), key.port()));
    }

    private static String hostPort(IpAddress a, int port) {
        return (a.isV4() ? a.toString() : "[" + a + "]") + ":" + port;
    }

    private String run(List<String> args) throws TableException {
        List<String> argv = new ArrayList<>();
        argv.add(ipvsadm.toString());
        argv.addAll(args);
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new TableException(ipvsadm + " did not answer");
            }
            if (p.exitValue() != 0) {
                throw new TableException(output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new TableException("Could not run " + ipvsadm + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TableException("interrupted while running " + ipvsadm, e);
        }
    }
}
