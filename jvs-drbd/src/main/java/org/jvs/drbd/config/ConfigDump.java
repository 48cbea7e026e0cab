package org.jvs.drbd.config;

import java.util.Map;

/**
 * Prints a configuration the way DRBD 8.4's {@code drbdadm dump} does, column for column: each
 * resource with its hosts (volumes, then the address) and its own option sections, common and
 * global before them; values quoted only when they hold characters outside
 * {@code [a-zA-Z0-9/._-]}. Stateless; thread-safe.
 */
public final class ConfigDump {
    private static final int INDENT = 4;

    private ConfigDump() {
    }

    /** {@code drbdadm dump} (all resources) as seen from {@code hostname}. */
    public static String all(DrbdConfig config, String hostname) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(config.file()).append('\n');
        global(sb, config.global());
        if (config.hasCommon()) {
            sb.append("common {\n");
            sections(sb, config.common(), 1);
            sb.append("}\n\n");
        }
        for (ResourceConfig r : config.resources()) {
            resource(sb, r, hostname);
        }
        return sb.toString();
    }

    /** {@code drbdadm dump RESOURCE}. */
    public static String resource(ResourceConfig r, String hostname) {
        StringBuilder sb = new StringBuilder();
        resource(sb, r, hostname);
        return sb.toString();
    }

    private static void global(StringBuilder sb, GlobalConfig g) {
        if (!g.disableIpVerification() && g.minorCount().isEmpty() && g.dialogRefresh().orElse(1) == 1
                && g.usageCount().equals("ask")) {
            return;
        }
        sb.append("global {\n");
        if (g.disableIpVerification()) {
            sb.append("    disable-ip-verification;\n");
        }
        g.minorCount().ifPresent(n -> sb.append("    minor-count ").append(n).append(";\n"));
        g.dialogRefresh().ifPresent(n -> {
            if (n != 1) {
                sb.append("    dialog-refresh ").append(n).append(";\n");
            }
        });
        if (!g.usageCount().equals("ask")) {
            sb.append("    usage-count ").append(g.usageCount()).append(";\n");
        }
        // drbd-utils' 8.4 drbdadm prints these two whenever it prints the global section: its
        // built-in values differ from the defaults it compares them with.
        sb.append("    cmd-timeout-medium 600;\n    cmd-timeout-long 0;\n");
        sb.append("}\n\n");
    }

    private static void resource(StringBuilder sb, ResourceConfig r, String hostname) {
        boolean here = r.host(hostname).isPresent();
        sb.append("# resource ").append(esc(r.name())).append(" on ").append(hostname).append(": ")
                .append(here ? "not ignored" : "ignored").append(", not stacked\n");
        sb.append("# defined at ").append(r.file()).append(':').append(r.line()).append('\n');
        sb.append("resource ").append(esc(r.name())).append(" {\n");
        for (HostSection h : r.hosts()) {
            host(sb, h);
        }
        sections(sb, r.written(), 1);
        sb.append("}\n\n");
    }

    private static void host(StringBuilder sb, HostSection h) {
        indent(sb, 1).append("on ").append(String.join(" ", h.names())).append(" {\n");
        for (VolumeConfig v : h.volumes()) {
            volume(sb, v, v.implicit() ? 2 : 3);
        }
        indent(sb, 2).append(String.format("%-16s %s;\n", "address", h.address().dumped()));
        h.nbdExport().ifPresent(e -> indent(sb, 2).append(String.format("%-16s %s;\n", "nbd-export", e)));
        indent(sb, 1).append("}\n");
    }

    private static void volume(StringBuilder sb, VolumeConfig v, int level) {
        if (!v.implicit()) {
            indent(sb, level - 1).append("volume ").append(v.number()).append(" {\n");
        }
        options(sb, "disk", v.diskOptions(), level);
        indent(sb, level).append("device").append(" ".repeat(Math.abs(-19 + INDENT * level)));
        v.device().ifPresent(d -> sb.append(esc(d)).append(' '));
        sb.append("minor ").append(v.minor()).append(";\n");
        assignment(sb, "disk", esc(v.disk()), level);
        switch (v.metaIndex()) {
            case "internal" -> assignment(sb, "meta-disk", "internal", level);
            case "flexible" -> indent(sb, level).append(String.format("%-16s %s;\n", "meta-disk", esc(v.metaDisk())));
            default -> indent(sb, level).append(String.format("%-16s %s [%s];\n", "meta-disk", esc(v.metaDisk()),
                    v.metaIndex()));
        }
        if (!v.implicit()) {
            indent(sb, level - 1).append("}\n");
        }
    }

    private static void sections(StringBuilder sb, Map<Section, Options> sections, int level) {
        for (Section s : Section.values()) {
            options(sb, s.keyword(), sections.getOrDefault(s, Options.EMPTY), level);
        }
    }

    private static void options(StringBuilder sb, String name, Options options, int level) {
        if (options.isEmpty()) {
            return;
        }
        indent(sb, level).append(name).append(" {\n");
        // drbdadm re-appends become-primary-on after the other startup options.
        for (Options.Option o : options.list()) {
            if (!o.name().equals("become-primary-on")) {
                assignment(sb, o.name(), esc(o.value()), level + 1);
            }
        }
        for (Options.Option o : options.list()) {
            if (o.name().equals("become-primary-on")) {
                assignment(sb, o.name(), o.value(), level + 1);
            }
        }
        indent(sb, level).append("}\n");
    }

    /** drbdadm's printA: the name padded to column 24 (less the indent), the value right-aligned in 3. */
    private static void assignment(StringBuilder sb, String name, String value, int level) {
        int width = 24 - INDENT * level;
        indent(sb, level).append(width > 0 ? String.format("%-" + width + "s", name) : name)
                .append(String.format(" %3s;\n", value));
    }

    private static StringBuilder indent(StringBuilder sb, int level) {
        return sb.append(" ".repeat(INDENT * level));
    }

    /** Quotes a value as drbdadm does so that its dump reads back the same. */
    static String esc(String s) {
        if (s.isEmpty()) {
            return "\"\"";
        }
        if (s.matches("[a-zA-Z0-9/._-]*") && s.length() <= 80) {
            return s;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
