package org.jvs.heartbeat.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads ha.cf as heartbeat's {@code parse_config} and {@code init_config} do: one directive per line,
 * {@code #} comments, values split on blanks and commas (media lines taken whole), order significant
 * for {@code udpport}, then heartbeat's defaults and start-up checks. Errors use heartbeat's wording
 * with a file:line location. Stateless; each call is independent.
 */
public final class HaCfParser {
    /** heartbeat's DELIMS: value separators on option lines. */
    private static final String DELIMS = ", \t\f";
    private static final int DEFAULT_UDP_PORT = 694;

    /** Directives heartbeat knows that make no difference to jvs. */
    private static final Set<String> IGNORED = Set.of("cluster", "quorum_server", "rtprio", "hbgenmethod",
            "realtime", "debug", "normalpoll", "apiauth", "use_logd", "conn_logd_time", "log_badpack",
            "use_apphbd", "syslogmsgfmt", "coredumps", "coreroot", "crm_daemon_dir", "crmd_spawns_pengine",
            "uuidfrom", "env", "memreserve", "compression", "compression_threshold", "traditional_compression",
            "record_config_changes", "record_pengine_inputs", "enable_config_writes", "hbversion", "baud");
    /** Directives heartbeat knows whose function jvs does not provide: accepted with a warning. */
    private static final Set<String> UNSUPPORTED = Set.of("serial", "hbaping", "mcast6", "ucast6", "ping6",
            "stonith", "stonith_host", "watchdog", "tipc", "rds");
    private static final Set<String> FACILITIES = Set.of("auth", "authpriv", "cron", "daemon", "ftp", "kern",
            "lpr", "mail", "news", "syslog", "user", "uucp", "local0", "local1", "local2", "local3", "local4",
            "local5", "local6", "local7", "none");

    /** Parses {@code file} for the node named {@code localNode}. */
    public HaConfig parse(Path file, String localNode) throws IOException, ConfigException {
        return parse(file, Files.readAllLines(file, StandardCharsets.ISO_8859_1), localNode);
    }

    /** Parses the given lines as if read from {@code file}. */
    public HaConfig parse(Path file, List<String> lines, String localNode) throws ConfigException {
        return new Run(file, localNode.toLowerCase(Locale.ROOT)).parse(lines);
    }

    /** The mutable state of one parse. */
    private static final class Run {
        private final Path file;
        private final String localNode;
        private final Problems problems;
        private final List<String> warnings = new ArrayList<>();
        private final Map<String, Integer> lineOf = new HashMap<>();
        private final List<String> nodes = new ArrayList<>();
        private final List<Medium> media = new ArrayList<>();
        private final List<PingNode> pingNodes = new ArrayList<>();
        private final List<Respawn> respawns = new ArrayList<>();
        private long keepaliveMs = 1000;
        private long deadtimeMs = 30000;
        private long warntimeMs = -1;
        private long initdeadMs = -1;
        private long deadpingMs = -1;
        private int udpPort = DEFAULT_UDP_PORT;
        private AutoFailback autoFailback = AutoFailback.LEGACY;
        private String logfile;
        private String debugfile;
        private String logfacility;
        private int hopfudge = 1;
        private MessageFormat messageFormat = MessageFormat.CLASSIC;
        private long maxRexmitDelayMs = 250;
        private int line;

        Run(Path file, String localNode) {
            this.file = file;
            this.localNode = localNode;
            this.problems = new Problems(file);
        }

        HaConfig parse(List<String> lines) throws ConfigException {
            for (String raw : lines) {
                line++;
                String text = raw.stripLeading();
                int hash = text.indexOf('#');
                if (hash >= 0) {
                    text = text.substring(0, hash);
                }
                text = text.strip();
                if (text.isEmpty()) {
                    continue;
                }
                int blank = firstBlank(text);
                String directive = text.substring(0, blank);
                String rest = text.substring(blank).strip();
                lineOf.put(directive, line);
                directive(directive, rest);
            }
            validate();
            problems.throwIfAny();
            return new HaConfig(file, localNode, nodes, keepaliveMs, deadtimeMs, warntimeMs, initdeadMs, deadpingMs,
                    udpPort, media, autoFailback, pingNodes, respawns, Optional.ofNullable(logfile),
                    Optional.ofNullable(debugfile), Optional.ofNullable(logfacility), hopfudge, messageFormat,
                    maxRexmitDelayMs, warnings);
        }

        private void directive(String directive, String rest) {
            switch (directive) {
                case "mcast" -> multicast(rest);
                case "ucast" -> unicast(rest);
                case "ping_group" -> pingGroup(rest);
                case "respawn", "failfast" -> respawn(rest, directive.equals("failfast"));
                case "stonith", "stonith_host", "serial" -> unsupported(directive);
                default -> {
                    if (!isOptionDirective(directive)) {
                        problems.add(line, "Illegal directive [" + directive + "] in " + file);
                        return;
                    }
                    for (String value : split(rest)) {
                        option(directive, value);
                    }
                }
            }
        }

        private boolean isOptionDirective(String d) {
            return IGNORED.contains(d) || UNSUPPORTED.contains(d) || switch (d) {
                case "node", "keepalive", "deadtime", "warntime", "initdead", "deadping", "udpport", "bcast",
                        "auto_failback", "nice_failback", "ping", "logfile", "debugfile", "logfacility",
                        "hopfudge", "msgfmt", "max_rexmit_delay", "crm", "pacemaker", "autojoin" -> true;
                default -> false;
            };
        }

        private void option(String directive, String value) {
            switch (directive) {
                case "node" -> {
                    String n = value.toLowerCase(Locale.ROOT);
                    if (!nodes.contains(n)) {
                        nodes.add(n);
                    }
                }
                case "keepalive" -> keepaliveMs = time(directive, value, false);
                case "deadtime" -> deadtimeMs = time(directive, value, true);
                case "initdead" -> initdeadMs = time(directive, value, true);
                case "deadping" -> deadpingMs = time(directive, value, true);
                case "warntime" -> {
                    long ms = Durations.parseMillis(value);
                    if (ms <= 0) {
                        problems.add(line, "Warn time [" + value + "] is invalid.");
                    } else {
                        warntimeMs = ms;
                    }
                }
                case "udpport" -> {
                    int port = leadingInt(value);
                    if (port <= 0 || port > 65535) {
                        problems.add(line, "invalid port [" + value + "] specified.");
                    } else {
                        udpPort = port;
                    }
                }
                case "bcast" -> media.add(new Medium.Broadcast(value, udpPort));
                case "ping" -> pingNodes.add(new PingNode(value, List.of(value), false));
                case "auto_failback" -> autoFailback(value);
                case "nice_failback" -> niceFailback(value);
                case "logfile" -> logfile = value;
                case "debugfile" -> debugfile = value;
                case "logfacility" -> {
                    if (FACILITIES.contains(value.toLowerCase(Locale.ROOT))) {
                        logfacility = value;
                    } else {
                        problems.add(line, "Log facility(" + value + ") not valid");
                    }
                }
                case "hopfudge" -> {
                    int h = leadingInt(value);
                    if (h < 0 || h > 255) {
                        problems.add(line, "Illegal hopfudge [" + value + "]");
                    } else {
                        hopfudge = h;
                    }
                }
                case "msgfmt" -> {
                    switch (value) {
                        case "classic" -> messageFormat = MessageFormat.CLASSIC;
                        case "netstring" -> messageFormat = MessageFormat.NETSTRING;
                        default -> problems.add(line, "Invalid message format [" + value + "]");
                    }
                }
                case "max_rexmit_delay" -> {
                    int ms = leadingInt(value);
                    if (ms <= 0) {
                        problems.add(line, "Invalid max_rexmit_delay time(" + value + ")");
                    } else {
                        maxRexmitDelayMs = ms;
                    }
                }
                case "crm", "pacemaker" -> {
                    if (!isFalse(value)) {
                        problems.add(line, directive + " " + value
                                + ": jvs heartbeat runs haresources (v1) resource management only");
                    }
                }
                case "autojoin" -> {
                    if (!value.equalsIgnoreCase("none")) {
                        problems.add(line, "R1 style resource management conflicts with  autojoin set");
                    }
                }
                default -> {
                    if (UNSUPPORTED.contains(directive)) {
                        unsupported(directive);
                    }
                }
            }
        }

        private long time(String directive, String value, boolean zeroAllowed) {
            long ms = Durations.parseMillis(value);
            if (ms < 0 || (ms == 0 && !zeroAllowed)) {
                problems.add(line, "Invalid " + directive + " [" + value + "]");
                return directive.equals("keepalive") ? keepaliveMs : -1;
            }
            return ms;
        }

        private void autoFailback(String value) {
            Boolean b = parseBoolean(value);
            if (b != null) {
                autoFailback = b ? AutoFailback.ON : AutoFailback.OFF;
            } else if (value.equalsIgnoreCase("legacy")) {
                autoFailback = AutoFailback.LEGACY;
            } else {
                problems.add(line, "Illegal auto_failback value [" + value + "]");
            }
        }

        private void niceFailback(String value) {
            Boolean b = parseBoolean(value);
            warnings.add("nice_failback flag is obsolete. Use auto_failback {on, off, legacy} instead.");
            if (b == null) {
                problems.add(line, "Illegal nice_failback value [" + value + "]");
            } else if (b) {
                warnings.add("'nice_failback " + value + "' has been changed to 'auto_failback off'");
                autoFailback = AutoFailback.OFF;
            } else {
                warnings.add("nice_failback " + value + " has been strictly interpreted as 'auto_failback legacy'");
                autoFailback = AutoFailback.LEGACY;
            }
        }

        private void multicast(String rest) {
            List<String> t = tokens(rest);
            if (t.isEmpty()) {
                return;
            }
            String dev = t.get(0);
            if (t.size() < 2) {
                problems.add(line, "mcast [" + dev + "] missing mcast address");
                return;
            }
            if (!isMulticastAddress(t.get(1))) {
                problems.add(line, "mcast [" + dev + "] bad addr [" + t.get(1) + "]");
                return;
            }
            if (t.size() < 3) {
                problems.add(line, "mcast [" + dev + "] missing port");
                return;
            }
            int port = leadingInt(t.get(2));
            if (port <= 0 || port > 65535) {
                problems.add(line, "mcast [" + dev + "] bad port [" + t.get(2) + "]");
                return;
            }
            if (t.size() < 4) {
                problems.add(line, "mcast [" + dev + "] missing ttl");
                return;
            }
            int ttl = leadingInt(t.get(3));
            // heartbeat's mcast plugin refuses ttl above 4 although its sample says 1-255.
            if (ttl < 0 || ttl > 4) {
                problems.add(line, "mcast [" + dev + "] bad ttl [" + t.get(3) + "]");
                return;
            }
            if (t.size() < 5) {
                problems.add(line, "mcast [" + dev + "] missing loop");
                return;
            }
            int loop = leadingInt(t.get(4));
            if (loop < 0 || loop > 1) {
                problems.add(line, "mcast [" + dev + "] bad loop [" + t.get(4) + "]");
                return;
            }
            media.add(new Medium.Multicast(dev, t.get(1), port, ttl, loop == 1));
        }

        private void unicast(String rest) {
            List<String> t = tokens(rest);
            if (t.isEmpty()) {
                return;
            }
            if (t.size() < 2) {
                problems.add(line, "ucast: [" + t.get(0) + "] missing target IP address/hostname");
                return;
            }
            if (t.size() > 2) {
                warnings.add(file + ":" + line + ": ucast takes one peer per line; only [" + t.get(1) + "] is used");
            }
            media.add(new Medium.Unicast(t.get(0), t.get(1), udpPort));
        }

        private void pingGroup(String rest) {
            List<String> t = tokens(rest);
            if (t.size() < 2) {
                problems.add(line, "ping_group needs a name and at least one address");
                return;
            }
            pingNodes.add(new PingNode(t.get(0), t.subList(1, t.size()), true));
        }

        private void respawn(String rest, boolean failfast) {
            List<String> t = tokens(rest);
            if (t.size() < 2) {
                problems.add(line, "Invalid " + (failfast ? "failfast" : "respawn") + " directive [" + rest + "]");
                return;
            }
            respawns.add(new Respawn(t.get(0), t.subList(1, t.size()), failfast));
        }

        private void unsupported(String directive) {
            warnings.add(file + ":" + line + ": " + directive + " is not supported by jvs heartbeat; ignored");
        }

        private void validate() {
            if (media.isEmpty()) {
                problems.add(0, "No heartbeat media defined");
            }
            if (nodes.isEmpty()) {
                problems.add(0, "no nodes defined");
            } else if (!nodes.contains(localNode)) {
                problems.add(lineOf.getOrDefault("node", 0), "Current node [" + localNode
                        + "] not in configuration! (cluster nodes are named by `uname -n` and must be declared"
                        + " with a 'node' directive)");
            }
            if (deadtimeMs <= 2 * keepaliveMs) {
                problems.add(lineOf.getOrDefault("deadtime", lineOf.getOrDefault("keepalive", 0)),
                        "Dead time [" + deadtimeMs + "] is too small compared to keeplive [" + keepaliveMs + "]");
            }
            if (initdeadMs < 0) {
                initdeadMs = deadtimeMs > 10000 ? deadtimeMs : deadtimeMs < 6000 ? 12000 : 2 * deadtimeMs;
            }
            if (initdeadMs < deadtimeMs) {
                problems.add(lineOf.getOrDefault("initdead", 0),
                        "Initial dead time [" + initdeadMs + "] is smaller than deadtime [" + deadtimeMs + "]");
            } else if (initdeadMs < 10000) {
                warnings.add("Initial dead time [" + initdeadMs + " ms] may be too small!"
                        + " It should be >= deadtime and >= 10 seconds");
            }
            if (deadpingMs < 0) {
                deadpingMs = deadtimeMs;
            } else if (deadpingMs <= 2 * keepaliveMs) {
                problems.add(lineOf.getOrDefault("deadping", 0),
                        "Ping dead time [" + deadpingMs + "] is too small compared to keeplive [" + keepaliveMs + "]");
            }
            if (warntimeMs <= 0) {
                warntimeMs = deadtimeMs / 2;
            }
            if (autoFailback == AutoFailback.LEGACY) {
                warnings.add("Deprecated 'legacy' auto_failback option selected."
                        + " Please convert to 'auto_failback on'.");
            }
        }
    }

    private static int firstBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return s.length();
    }

    private static List<String> split(String rest) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (char c : rest.toCharArray()) {
            if (DELIMS.indexOf(c) >= 0) {
                if (!cur.isEmpty()) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur.toString());
        }
        return out;
    }

    private static List<String> tokens(String rest) {
        return rest.isBlank() ? List.of() : List.of(rest.strip().split("\\s+"));
    }

    /** C's atoi: the leading digits, 0 when there are none (and -1 for an overflow). */
    static int leadingInt(String s) {
        int i = 0;
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i) - '0');
            if (v > Integer.MAX_VALUE) {
                return -1;
            }
            i++;
        }
        return (int) v;
    }

    /** heartbeat's cl_str_to_boolean; null when the text is not a boolean. */
    static Boolean parseBoolean(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "off", "no", "n", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static boolean isFalse(String s) {
        return Boolean.FALSE.equals(parseBoolean(s));
    }

    private static boolean isMulticastAddress(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) {
            return false;
        }
        for (String part : p) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        int first = Integer.parseInt(p[0]);
        return first >= 224 && first <= 239;
    }
}
