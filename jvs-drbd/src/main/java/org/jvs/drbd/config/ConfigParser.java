package org.jvs.drbd.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads a drbd.conf and everything it includes into one {@link DrbdConfig}, with drbdadm's rules:
 * {@code include "pattern";} only at top level, the pattern relative to the including file's
 * directory and expanded in sorted order, a file never read twice; {@code global} before any
 * resource; resource names unique; no address:port used twice. Errors name file and line.
 * Not thread-safe; one instance per read.
 */
public final class ConfigParser {
    private static final String TOP_EXPECTED = "global | common | resource | skip | include";

    private final Set<Path> seen = new HashSet<>();
    private GlobalConfig global = GlobalConfig.NONE;
    private boolean hasCommon;
    private Map<Section, Options> common = new EnumMap<>(Section.class);
    private final List<ResourceConfig> resources = new ArrayList<>();

    private ConfigParser() {
    }

    /** Reads {@code file} and its includes. */
    public static DrbdConfig parse(Path file) throws ConfigException {
        ConfigParser p = new ConfigParser();
        p.readFile(file.toAbsolutePath().normalize(), file.toString());
        p.checkAddresses();
        // common may come after a resource in the files; every resource inherits the final one.
        List<ResourceConfig> withCommon = p.resources.stream().map(r -> new ResourceConfig(r.name(), r.file(),
                r.line(), r.hosts(), r.written(), p.common)).toList();
        return new DrbdConfig(file.toString(), p.global, p.hasCommon, p.common, withCommon);
    }

    private void readFile(Path path, String shownName) throws ConfigException {
        if (!seen.add(path)) {
            return;
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("open(" + shownName + ") failed: " + e.getMessage());
        }
        TokenStream in = new TokenStream(ConfigLexer.tokenize(text, shownName));
        while (true) {
            Token t = in.next();
            if (t.kind() == Token.Kind.EOF) {
                return;
            }
            if (t.kind() != Token.Kind.WORD) {
                throw TokenStream.expected(TOP_EXPECTED, t);
            }
            switch (t.text()) {
                case "global" -> parseGlobal(in, t);
                case "common" -> {
                    if (hasCommon) {
                        throw new ConfigException(t.file(), t.line(), "common section defined twice");
                    }
                    in.expect('{');
                    hasCommon = true;
                    common = ResourceParser.parseCommon(in);
                }
                case "resource" -> {
                    Token name = in.value("a resource name");
                    if (!name.text().matches("[A-Za-z0-9_.-]+")) {
                        throw new ConfigException(name.file(), name.line(), "invalid resource name '" + name.text() + "'");
                    }
                    if (resources.stream().anyMatch(r -> r.name().equals(name.text()))) {
                        throw new ConfigException(name.file(), name.line(),
                                "conflicting use of resource name '" + name.text() + "' ...");
                    }
                    in.expect('{');
                    resources.add(ResourceParser.parseResource(in, name, t.line()));
                }
                case "skip" -> {
                    while (!in.peek().is('{') && in.peek().kind() != Token.Kind.EOF) {
                        in.next();
                    }
                    in.skipBlock();
                }
                case "include" -> {
                    Token pattern = in.value("a file name pattern");
                    in.expect(';');
                    include(path, pattern);
                }
                default -> throw TokenStream.expected(TOP_EXPECTED, t);
            }
        }
    }

    private void include(Path from, Token pattern) throws ConfigException {
        Path base = from.getParent();
        Path full = base.resolve(pattern.text()).normalize();
        String glob = full.getFileName().toString();
        boolean wildcard = glob.contains("*") || glob.contains("?") || glob.contains("[");
        List<Path> matches = new ArrayList<>();
        if (wildcard) {
            if (Files.isDirectory(full.getParent())) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(full.getParent(), glob)) {
                    ds.forEach(matches::add);
                } catch (IOException e) {
                    throw new ConfigException(pattern.file(), pattern.line(), "Failed to open include file '"
                            + pattern.text() + "'.");
                }
            }
        } else if (Files.exists(full)) {
            matches.add(full);
        } else {
            throw new ConfigException(pattern.file(), pattern.line(), "Failed to open include file '" + pattern.text() + "'.");
        }
        matches.sort(null);
        for (Path p : matches) {
            readFile(p, p.toString());
        }
    }

    private void parseGlobal(TokenStream in, Token at) throws ConfigException {
        if (!resources.isEmpty()) {
            throw new ConfigException(at.file(), at.line(),
                    "You should put the global {} section\n\tin front of any resource {} section");
        }
        in.expect('{');
        boolean noIpCheck = false;
        OptionalInt minorCount = OptionalInt.empty();
        OptionalInt dialogRefresh = OptionalInt.empty();
        String usage = "ask";
        while (true) {
            Token t = in.next();
            if (t.is('}')) {
                break;
            }
            switch (t.text()) {
                case "disable-ip-verification" -> noIpCheck = true;
                case "udev-always-use-vnr" -> {
                    // naming of udev symlinks: nothing to do in user space
                }
                case "minor-count" -> minorCount = OptionalInt.of((int) number(in, "minor-count", 1, 255));
                case "dialog-refresh" -> dialogRefresh = OptionalInt.of((int) number(in, "dialog-refresh", 0, 600));
                case "cmd-timeout-short", "cmd-timeout-medium", "cmd-timeout-long" -> number(in, t.text(), 0, Long.MAX_VALUE);
                case "usage-count" -> {
                    Token v = in.value("yes | no | ask");
                    if (!List.of("yes", "no", "ask").contains(v.text())) {
                        throw TokenStream.expected("yes | no | ask", v);
                    }
                    usage = v.text();
                }
                default -> throw TokenStream.expected("dialog-refresh | minor-count | disable-ip-verification", t);
            }
            in.expect(';');
        }
        global = new GlobalConfig(true, noIpCheck, minorCount, dialogRefresh, usage);
    }

    private static long number(TokenStream in, String name, long min, long max) throws ConfigException {
        Token v = in.value("a number");
        long n = Units.parse(v.text(), '1', v);
        if (n < min || n > max) {
            throw new ConfigException(v.file(), v.line(), name + " " + v.text() + " => " + n + " out of range ["
                    + min + ".." + max + "].");
        }
        return n;
    }

    /** drbdadm refuses two hosts (in any resources) that claim the same address and port. */
    private void checkAddresses() throws ConfigException {
        Map<String, String> firstUse = new HashMap<>();
        for (ResourceConfig r : resources) {
            for (HostSection h : r.hosts()) {
                String key = h.address().hostPort();
                String where = r.file() + ":" + h.line();
                String before = firstUse.putIfAbsent(key, where);
                if (before != null) {
                    throw new ConfigException(where + ": conflicting use of IP '" + key + "' ...\n" + before
                            + ": IP '" + key + "' first used here.");
                }
            }
        }
    }
}
