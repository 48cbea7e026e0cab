package org.jvs.ldirectord.config;

import static org.jvs.ldirectord.config.Directives.at;
import static org.jvs.ldirectord.config.Directives.re;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvs.ipvs.AddressFamily;

/**
 * Reads ldirectord.cf with the real ldirectord's grammar ({@code read_config}): global directives at
 * column 0; a {@code virtual=}/{@code virtual6=} line at column 0 opens a block whose lines must be
 * indented by at least 4 spaces or a tab (tabs count 4 spaces); the first line that is not — blank
 * lines included — closes it. Unknown and deprecated directives are errors, reported as
 * {@code file:line: message} with ldirectord's wording. Thread-safe (no mutable state).
 */
public final class ConfigParser {
    private static final Pattern VIRTUAL = re("virtual(6)?\\s*=\\s*(.*)");
    private static final Pattern V4_PORT = re("(\\d+\\.\\d+\\.\\d+\\.\\d+):([0-9A-Za-z_-]+)");
    private static final Pattern HOST_PORT = re("([0-9A-Za-z._+-]+):([0-9A-Za-z_-]+)");
    private static final Pattern MARK = re("(\\d+)");
    private static final Pattern V6_PORT = re("\\[([0-9A-Fa-f:]+)\\]:([0-9A-Za-z_-]+)");
    private static final Pattern BLANK_OR_COMMENT = re("\\s*(#.*)?");
    private static final Pattern COMMENT = re("\\s*#");
    private static final Pattern INDENTED = re(" {4,}(.+)");

    private final NameResolver resolver;
    private final String hostname;
    private final boolean foreground;

    /**
     * @param hostname this machine's name, for the ftp and sip login defaults
     * @param foreground true under {@code -d}: the log file is then not opened while parsing
     */
    public ConfigParser(NameResolver resolver, String hostname, boolean foreground) {
        this.resolver = resolver;
        this.hostname = hostname;
        this.foreground = foreground;
    }

    /** Parses and validates a whole file. */
    public LdirectordConfig parse(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "can not open file " + file);
        }
        return parse(file, new String(bytes, StandardCharsets.UTF_8));
    }

    /** Parses configuration text as if read from {@code file}. */
    public LdirectordConfig parse(Path file, String text) throws ConfigException {
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        return new Run(file, lines, count).run();
    }

    /** One pass over one file. */
    private final class Run {
        private final Path file;
        private final String[] lines;
        private final int count;
        private final GlobalDirectives globals;
        private final RealLineParser reals;
        private final List<VirtualDraft> virtuals = new ArrayList<>();
        private final Set<String> virtualIds = new HashSet<>();
        private int next;

        Run(Path file, String[] lines, int count) {
            this.file = file;
            this.lines = lines;
            this.count = count;
            this.reals = new RealLineParser(file, resolver);
            this.globals = new GlobalDirectives(file, reals, foreground);
        }

        LdirectordConfig run() throws ConfigException {
            String pending = null;
            int pendingLine = 0;
            while (true) {
                String line;
                int lineNo;
                if (pending != null) {
                    line = pending;
                    lineNo = pendingLine;
                    pending = null;
                } else if (next < count) {
                    line = lines[next];
                    lineNo = ++next;
                } else {
                    break;
                }
                Matcher v = at(VIRTUAL, line);
                if (v != null) {
                    VirtualDraft draft = header(v.group(1) != null ? AddressFamily.INET6 : AddressFamily.INET,
                            v.group(2), lineNo);
                    String[] end = block(draft);
                    finish(draft);
                    if (end == null) {
                        break;
                    }
                    pending = end[0];
                    pendingLine = Integer.parseInt(end[1]);
                    continue;
                }
                if (BLANK_OR_COMMENT.matcher(line).matches()) {
                    continue;
                }
                globals.directive(line, lineNo);
            }
            return assemble();
        }

        private VirtualDraft header(AddressFamily af, String attr, int lineNo) throws ConfigException {
            Matcher m;
            if (af == AddressFamily.INET && (m = at(V4_PORT, attr)) != null) {
                return new VirtualDraft(lineNo, af, m.group(1) + ":" + m.group(2), m.group(2), 0);
            }
            if ((m = at(HOST_PORT, attr)) != null) {
                return new VirtualDraft(lineNo, af, m.group(1) + ":" + m.group(2), m.group(2), 0);
            }
            if ((m = at(MARK, attr)) != null) {
                Integer mark = Directives.firstNumber(m.group(1));
                if (mark == null || mark == 0) {
                    throw error(lineNo, "invalid address for virtual server");
                }
                return new VirtualDraft(lineNo, af, null, "0", mark);
            }
            if ((m = at(V6_PORT, attr)) != null) {
                if (af == AddressFamily.INET) {
                    throw error(lineNo, "cannot specify an IPv6 address here. please use \"virtual6\" instead.");
                }
                if (resolver.host(m.group(1), AddressFamily.INET6) == null) {
                    throw error(lineNo, "invalid ipv6 address for virtual server");
                }
                return new VirtualDraft(lineNo, af, "[" + m.group(1) + "]:" + m.group(2), m.group(2), 0);
            }
            throw error(lineNo, "invalid address for virtual server");
        }

        /** Reads the block's lines; returns the line that ended it and its number, or null at end of file. */
        private String[] block(VirtualDraft draft) throws ConfigException {
            VirtualBlockParser parser = new VirtualBlockParser(file, draft, hostname, reals, globals.warnings);
            while (next < count) {
                String raw = lines[next];
                int lineNo = ++next;
                if (COMMENT.matcher(raw).lookingAt()) {
                    continue;
                }
                Matcher indented = at(INDENTED, raw.replaceFirst("#.*", "").replace("\t", "    "));
                if (indented == null) {
                    return new String[] {raw, Integer.toString(lineNo)};
                }
                parser.directive(indented.group(1), raw, lineNo);
            }
            return null;
        }

        private void finish(VirtualDraft draft) throws ConfigException {
            reals.resolveVirtual(draft);
            String id = draft.id();
            if (!virtualIds.add(id)) {
                throw error(next, "duplicate virtual server");
            }
            virtuals.add(draft);
        }

        private LdirectordConfig assemble() {
            List<String> warnings = new ArrayList<>(globals.warnings);
            List<VirtualServiceConfig> built = new ArrayList<>();
            for (VirtualDraft d : virtuals) {
                if (!globals.fork && d.checkInterval > 0) {
                    warnings.add(file + ": checkinterval in virtual service " + d.id() + " ignored when fork=no");
                }
                built.add(d.build(globals.inherited));
            }
            String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
            return new LdirectordConfig(file, name, globals.checkInterval, globals.autoreload, globals.callback,
                    globals.logfile, globals.emailAlertFrom, globals.execute, globals.supervised, globals.fork,
                    globals.readdQuiescent, globals.maintenanceDir, built, warnings);
        }

        private ConfigException error(int lineNo, String message) {
            return new ConfigException(file, lineNo, message);
        }
    }
}
