package org.jvs.drbd.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the body of a {@code resource NAME { }} or {@code common { }} section: option sections
 * ({@code net}, {@code disk}, {@code startup}, {@code handlers}, {@code options}, and the 8.3
 * {@code syncer} whose options are moved to net or disk as drbdadm does), {@code protocol X;} at
 * resource level, {@code on HOST { }} sections, volumes and the single-volume short form
 * ({@code device}, {@code disk}, {@code meta-disk} directly in the resource or host).
 * Not thread-safe; one instance per section.
 */
final class ResourceParser {
    private static final String RESOURCE_EXPECTED = "protocol | on | disk | net | syncer | startup | handlers |"
            + " ignore-on | stacked-on-top-of";
    private static final String HOST_EXPECTED = "disk | device | address | meta-disk | flexible-meta-disk";

    private final TokenStream in;
    private final String name;
    private final boolean isCommon;
    private final Map<Section, List<Options.Option>> sections = new EnumMap<>(Section.class);
    private final Map<Integer, VolumeDraft> volumes = new TreeMap<>();
    private final List<HostDraft> hosts = new ArrayList<>();

    /** An {@code on} section being read. */
    private static final class HostDraft {
        final List<String> names;
        final int line;
        Address address;
        String nbdExport;
        final Map<Integer, VolumeDraft> volumes = new TreeMap<>();

        HostDraft(List<String> names, int line) {
            this.names = names;
            this.line = line;
        }
    }

    private ResourceParser(TokenStream in, String name, boolean isCommon) {
        this.in = in;
        this.name = name;
        this.isCommon = isCommon;
    }

    /** Reads common's body (after its opening brace) and returns its option sections. */
    static Map<Section, Options> parseCommon(TokenStream in) throws ConfigException {
        ResourceParser p = new ResourceParser(in, "common", true);
        p.body();
        return p.sectionOptions();
    }

    /** Reads a resource's body (after its opening brace); the volumes are completed and checked. */
    static ResourceConfig parseResource(TokenStream in, Token nameToken, int line) throws ConfigException {
        ResourceParser p = new ResourceParser(in, nameToken.text(), false);
        p.body();
        return p.build(nameToken.file(), line);
    }

    private void body() throws ConfigException {
        while (true) {
            Token t = in.next();
            if (t.is('}')) {
                return;
            }
            if (t.kind() != Token.Kind.WORD) {
                throw TokenStream.expected(RESOURCE_EXPECTED, t);
            }
            switch (t.text()) {
                case "protocol" -> {
                    Token v = in.value("protocol");
                    add(sections, "protocol", v);
                    in.expect(';');
                }
                case "on" -> {
                    if (isCommon) {
                        throw new ConfigException(t.file(), t.line(), "common section must not contain 'on' sections");
                    }
                    hostSection(t);
                }
                case "disk" -> {
                    if (in.peek().is('{')) {
                        in.next();
                        options(Section.DISK, false, sections);
                    } else {
                        volumeStatement(volume0(volumes), t);
                    }
                }
                case "net", "startup", "handlers", "options" -> {
                    in.expect('{');
                    options(sectionOf(t.text()), false, sections);
                }
                case "syncer" -> {
                    in.expect('{');
                    options(null, true, sections);
                }
                case "device", "meta-disk", "flexible-meta-disk" -> volumeStatement(volume0(volumes), t);
                case "volume" -> {
                    VolumeDraft v = volumeBlock();
                    volumes.put(v.number, v);
                }
                case "skip" -> skip();
                default -> throw TokenStream.expected(RESOURCE_EXPECTED, t);
            }
        }
    }

    private static Section sectionOf(String keyword) {
        for (Section s : Section.values()) {
            if (s.keyword().equals(keyword)) {
                return s;
            }
        }
        throw new IllegalArgumentException(keyword);
    }

    /**
     * Reads {@code name value;} pairs up to the closing brace into {@code into}; syncer options go to
     * the section they now belong to.
     */
    private void options(Section section, boolean syncer, Map<Section, List<Options.Option>> into)
            throws ConfigException {
        while (true) {
            Token key = in.next();
            if (key.is('}')) {
                return;
            }
            if (key.kind() != Token.Kind.WORD) {
                throw TokenStream.expected(syncer ? "a syncer option keyword" : "an option keyword", key);
            }
            if (OptionCatalog.isDeprecated(key.text())) {
                in.value("a value");
                in.expect(';');
                continue;
            }
            String word = key.text();
            boolean negated = word.startsWith("no-") && OptionCatalog.find(word.substring(3))
                    .filter(s -> s.type() == OptionSpec.Type.FLAG).isPresent();
            OptionSpec spec = OptionCatalog.find(negated ? word.substring(3) : word).orElse(null);
            if (spec == null || (section != null && spec.section() != section)
                    || (syncer && spec.section() == Section.STARTUP) || (syncer && spec.section() == Section.HANDLERS)) {
                throw TokenStream.expected(syncer ? "a syncer option keyword" : "an option keyword", key);
            }
            if (negated) {
                into.computeIfAbsent(spec.section(), s -> new ArrayList<>()).add(new Options.Option(spec.name(), "no"));
                in.expect(';');
                continue;
            }
            if (spec.type() == OptionSpec.Type.FLAG && in.peek().is(';')) {
                in.next();
                into.computeIfAbsent(spec.section(), s -> new ArrayList<>()).add(new Options.Option(spec.name(), "yes"));
                continue;
            }
            Token value = in.value(spec.type() == OptionSpec.Type.FLAG ? "yes | no | ;" : "a value");
            add(into, spec.name(), value);
            in.expect(';');
        }
    }

    private static void add(Map<Section, List<Options.Option>> into, String option, Token value) throws ConfigException {
        OptionSpec spec = OptionCatalog.find(option).orElseThrow();
        String v = OptionCatalog.validate(spec, value.text(), value);
        into.computeIfAbsent(spec.section(), s -> new ArrayList<>()).add(new Options.Option(spec.name(), v));
    }

    private static VolumeDraft volume0(Map<Integer, VolumeDraft> vols) {
        return vols.computeIfAbsent(0, n -> new VolumeDraft(0, true));
    }

    private VolumeDraft volumeBlock() throws ConfigException {
        Token num = in.value("an integer");
        int n;
        try {
            n = Integer.parseInt(num.text());
        } catch (NumberFormatException e) {
            throw TokenStream.expected("an integer", num);
        }
        if (n < 0 || n > 65535) {
            throw new ConfigException(num.file(), num.line(), "volume " + n + " out of range [0..65535].");
        }
        VolumeDraft v = new VolumeDraft(n, false);
        in.expect('{');
        while (true) {
            Token t = in.next();
            if (t.is('}')) {
                return v;
            }
            if (t.isWord("disk") && in.peek().is('{')) {
                in.next();
                Map<Section, List<Options.Option>> own = new EnumMap<>(Section.class);
                options(Section.DISK, false, own);
                v.diskOptions = new Options(own.getOrDefault(Section.DISK, List.of()));
            } else if (t.isWord("device") || t.isWord("disk") || t.isWord("meta-disk") || t.isWord("flexible-meta-disk")) {
                volumeStatement(v, t);
            } else {
                throw TokenStream.expected("device | disk | meta-disk | flex-meta-disk", t);
            }
        }
    }

    /** {@code device ...;}, {@code disk PATH;} or {@code meta-disk ...;} into {@code v}. */
    private void volumeStatement(VolumeDraft v, Token keyword) throws ConfigException {
        switch (keyword.text()) {
            case "device" -> device(v);
            case "disk" -> {
                v.disk = in.value("a disk path").text();
                in.expect(';');
            }
            default -> metaDisk(v);
        }
    }

    private void device(VolumeDraft v) throws ConfigException {
        Token t = in.value("device path or minor");
        if (t.isWord("minor")) {
            v.minor = minorNumber(in.value("an integer"));
        } else {
            v.device = t.text();
            if (in.peek().isWord("minor")) {
                in.next();
                v.minor = minorNumber(in.value("an integer"));
            } else if (t.text().matches("/dev/drbd[0-9]+")) {
                v.minor = Integer.parseInt(t.text().substring("/dev/drbd".length()));
            } else {
                throw new ConfigException(t.file(), t.line(), "device name must be /dev/drbdX or followed by 'minor N'");
            }
        }
        in.expect(';');
    }

    private static int minorNumber(Token t) throws ConfigException {
        try {
            int m = Integer.parseInt(t.text());
            if (m >= 0 && m < (1 << 20)) {
                return m;
            }
        } catch (NumberFormatException e) {
            // reported below with the token
        }
        throw TokenStream.expected("an integer", t);
    }

    private void metaDisk(VolumeDraft v) throws ConfigException {
        Token t = in.value("internal | <path>");
        v.metaDisk = t.text();
        if (t.isWord("internal")) {
            v.metaIndex = "internal";
        } else if (in.peek().is('[')) {
            in.next();
            v.metaIndex = in.value("an integer").text();
            in.expect(']');
        } else {
            v.metaIndex = "flexible";
        }
        in.expect(';');
    }

    private void hostSection(Token on) throws ConfigException {
        List<String> names = new ArrayList<>();
        while (!in.peek().is('{')) {
            names.add(in.value("a host name").text());
        }
        if (names.isEmpty()) {
            throw TokenStream.expected("a host name", in.peek());
        }
        in.expect('{');
        HostDraft h = new HostDraft(names, on.line());
        while (true) {
            Token t = in.next();
            if (t.is('}')) {
                break;
            }
            if (t.kind() != Token.Kind.WORD) {
                throw TokenStream.expected(HOST_EXPECTED, t);
            }
            switch (t.text()) {
                case "address" -> h.address = address();
                case "nbd-export" -> {
                    h.nbdExport = in.value("host:port").text();
                    in.expect(';');
                }
                case "volume" -> {
                    VolumeDraft v = volumeBlock();
                    h.volumes.put(v.number, v);
                }
                case "device", "disk", "meta-disk", "flexible-meta-disk" -> volumeStatement(volume0(h.volumes), t);
                default -> throw TokenStream.expected(HOST_EXPECTED, t);
            }
        }
        hosts.add(h);
    }

    /** {@code [ipv4|ipv6|ssocks|sdp] ADDR:PORT;} (IPv6 in brackets). */
    private Address address() throws ConfigException {
        Token t = in.next();
        String family = "ipv4";
        if (t.isWord("ipv4") || t.isWord("ipv6") || t.isWord("ssocks") || t.isWord("sdp")) {
            family = t.text();
            t = in.next();
        }
        String host;
        String portText;
        if (t.is('[')) {
            host = in.value("an IPv6 address").text();
            in.expect(']');
            Token p = in.value(":port");
            if (!p.text().startsWith(":")) {
                throw TokenStream.expected(":", p);
            }
            portText = p.text().substring(1);
            t = p;
        } else if (t.kind() == Token.Kind.WORD && t.text().lastIndexOf(':') > 0 && !family.equals("ipv6")) {
            host = t.text().substring(0, t.text().lastIndexOf(':'));
            portText = t.text().substring(t.text().lastIndexOf(':') + 1);
        } else {
            throw TokenStream.expected("ssocks | sdp | ipv4 | ipv6 | <ipv4 address> ", t);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw TokenStream.expected("a port number", t);
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException(t.file(), t.line(), "port " + portText + " => " + port + " out of range [1..65535].");
        }
        in.expect(';');
        return new Address(family, host, port);
    }

    private void skip() throws ConfigException {
        while (!in.peek().is('{')) {
            if (in.next().kind() == Token.Kind.EOF) {
                throw TokenStream.expected("{", in.peek());
            }
        }
        in.skipBlock();
    }

    private Map<Section, Options> sectionOptions() {
        Map<Section, Options> m = new EnumMap<>(Section.class);
        sections.forEach((s, l) -> m.put(s, new Options(l)));
        return m;
    }

    private ResourceConfig build(String file, int line) throws ConfigException {
        List<HostSection> built = new ArrayList<>();
        for (HostDraft h : hosts) {
            String where = "in resource " + name + ", on " + String.join(" ", h.names) + " { ... }";
            for (VolumeDraft rv : volumes.values()) {
                VolumeDraft hv = h.volumes.get(rv.number);
                if (hv == null) {
                    h.volumes.put(rv.number, rv.copy());
                } else {
                    hv.fillFrom(rv);
                }
            }
            if (h.volumes.isEmpty()) {
                throw new ConfigException(file, h.line, where + ": 'device' keyword missing.");
            }
            List<VolumeConfig> vols = new ArrayList<>();
            for (VolumeDraft v : h.volumes.values()) {
                vols.add(v.build(where, file, h.line));
            }
            if (h.address == null) {
                throw new ConfigException(file, h.line, where + ": 'address' keyword missing.");
            }
            built.add(new HostSection(h.names, h.address, vols, h.line, java.util.Optional.ofNullable(h.nbdExport)));
        }
        return new ResourceConfig(name, file, line, built, sectionOptions(), Map.of());
    }
}
