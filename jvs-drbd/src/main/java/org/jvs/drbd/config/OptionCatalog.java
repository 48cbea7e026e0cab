package org.jvs.drbd.config;

import static org.jvs.drbd.config.OptionSpec.choice;
import static org.jvs.drbd.config.OptionSpec.flag;
import static org.jvs.drbd.config.OptionSpec.lenientNumber;
import static org.jvs.drbd.config.OptionSpec.number;
import static org.jvs.drbd.config.OptionSpec.string;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every option DRBD 8.4's drbdadm knows, by section, with its type and limits; the old names it
 * still accepts ({@code rate} for {@code resync-rate}, {@code after} for {@code resync-after},
 * {@code outdate-peer} for {@code fence-peer}) and the {@code no-*} forms of flags. Immutable;
 * thread-safe.
 */
public final class OptionCatalog {
    private static final Map<String, OptionSpec> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = Map.of(
            "rate", "resync-rate", "after", "resync-after", "outdate-peer", "fence-peer");
    /** Options drbdadm still reads and throws away (8.3 leftovers). */
    private static final List<String> DEPRECATED = List.of("delay-probe-volume", "delay-probe-interval",
            "throttle-threshold", "hold-off-threshold");

    static {
        Section d = Section.DISK;
        add(number("size", d, 's', 0, 2L << 40));
        add(choice("on-io-error", d, "pass_on", "call-local-io-error", "detach"));
        add(choice("fencing", d, "dont-care", "resource-only", "resource-and-stonith"));
        add(lenientNumber("max-bio-bvecs", d, '1', 0, 128));
        add(lenientNumber("disk-timeout", d, '1', 0, 6000));
        add(choice("read-balancing", d, "prefer-local", "prefer-remote", "round-robin", "least-pending",
                "when-congested-remote", "32K-striping", "64K-striping", "128K-striping", "256K-striping",
                "512K-striping", "1M-striping"));
        add(lenientNumber("rs-discard-granularity", d, '1', 0, 1 << 20));
        for (String f : List.of("disable-write-same", "use-bmbv", "disk-barrier", "disk-flushes", "disk-drain",
                "md-flushes", "al-updates", "discard-zeroes-if-aligned")) {
            add(flag(f, d));
        }
        add(number("resync-rate", d, 'k', 1, 4 << 20));
        add(string("resync-after", d));
        add(lenientNumber("al-extents", d, '1', 67, 0xfffe));
        add(number("c-plan-ahead", d, '1', 0, 300));
        add(number("c-delay-target", d, '1', 1, 100));
        add(number("c-fill-target", d, 's', 0, 1 << 20));
        add(number("c-max-rate", d, 'k', 250, 4 << 20));
        add(number("c-min-rate", d, 'k', 0, 4 << 20));

        Section n = Section.NET;
        add(choice("protocol", n, "A", "B", "C"));
        add(number("timeout", n, '1', 1, 600));
        add(number("ko-count", n, '1', 0, 200));
        add(number("ping-int", n, '1', 1, 120));
        add(number("max-buffers", n, '1', 32, 131072));
        add(number("sndbuf-size", n, '1', 0, 10 << 20));
        add(number("rcvbuf-size", n, '1', 0, 10 << 20));
        add(number("connect-int", n, '1', 1, 120));
        add(string("cram-hmac-alg", n));
        add(string("shared-secret", n));
        add(number("max-epoch-size", n, '1', 1, 20000));
        add(choice("after-sb-0pri", n, "disconnect", "discard-younger-primary", "discard-older-primary",
                "discard-zero-changes", "discard-least-changes", "discard-local", "discard-remote"));
        add(choice("after-sb-1pri", n, "disconnect", "consensus", "violently-as0p", "discard-secondary",
                "call-pri-lost-after-sb"));
        add(choice("after-sb-2pri", n, "disconnect", "violently-as0p", "call-pri-lost-after-sb"));
        add(choice("rr-conflict", n, "disconnect", "violently", "call-pri-lost"));
        add(lenientNumber("ping-timeout", n, '1', 1, 300));
        add(lenientNumber("unplug-watermark", n, '1', 1, 131072));
        add(string("data-integrity-alg", n));
        add(choice("on-congestion", n, "block", "pull-ahead", "disconnect"));
        add(lenientNumber("socket-check-timeout", n, '1', 0, 300));
        add(number("congestion-fill", n, 's', 0, 10 << 21));
        add(number("congestion-extents", n, '1', 67, 0xfffe));
        for (String f : List.of("allow-two-primaries", "always-asbp", "tcp-cork", "csums-after-crash-only", "use-rle",
                "discard-my-data")) {
            add(flag(f, n));
        }
        add(string("verify-alg", n));
        add(string("csums-alg", n));

        Section r = Section.OPTIONS;
        add(string("cpu-mask", r));
        add(choice("on-no-data-accessible", r, "io-error", "suspend-io"));

        Section s = Section.STARTUP;
        add(number("wfc-timeout", s, '1', 0, 300000));
        add(number("degr-wfc-timeout", s, '1', 0, 300000));
        add(number("outdated-wfc-timeout", s, '1', 0, 300000));
        add(flag("wait-after-sb", s));
        add(string("become-primary-on", s));

        for (String h : List.of("pri-on-incon-degr", "pri-lost-after-sb", "pri-lost", "initial-split-brain",
                "split-brain", "fence-peer", "unfence-peer", "local-io-error", "before-resync-target",
                "after-resync-target", "before-resync-source", "out-of-sync")) {
            add(string(h, Section.HANDLERS));
        }
    }

    private OptionCatalog() {
    }

    private static void add(OptionSpec spec) {
        BY_NAME.put(spec.name(), spec);
    }

    /** The canonical name for {@code name} (old aliases mapped to their new names). */
    public static String canonical(String name) {
        return ALIASES.getOrDefault(name, name);
    }

    /** The option called {@code name} (after alias mapping), if drbd knows it. */
    public static Optional<OptionSpec> find(String name) {
        return Optional.ofNullable(BY_NAME.get(canonical(name)));
    }

    /** Whether drbdadm silently drops {@code name}. */
    public static boolean isDeprecated(String name) {
        return DEPRECATED.contains(name);
    }

    /**
     * Checks a value as drbdadm does while parsing and returns it as drbdadm keeps it (a protocol
     * letter upper-cased, everything else as written).
     */
    public static String validate(OptionSpec spec, String value, Token at) throws ConfigException {
        return switch (spec.type()) {
            case FLAG -> {
                if (!value.equals("yes") && !value.equals("no")) {
                    throw new ConfigException(at.file(), at.line(), "Parse error: 'yes | no | ;' expected,\n\tbut got '"
                            + value + "'");
                }
                yield value;
            }
            case NUMBER -> {
                long v = Units.parse(value, spec.scale(), at);
                if (spec.checked() && (v < spec.min() || v > spec.max())) {
                    String unit = spec.scale() == '1' ? "" : String.valueOf(spec.scale());
                    throw new ConfigException(at.file(), at.line(), spec.name() + " " + value + " => " + v + unit
                            + " out of range [" + spec.min() + ".." + spec.max() + "]" + unit + ".");
                }
                yield value;
            }
            case ENUM -> {
                if (spec.name().equals("protocol")) {
                    String p = value.toUpperCase(java.util.Locale.ROOT);
                    if (!spec.values().contains(p)) {
                        throw new ConfigException(at.file(), at.line(),
                                "unknown protocol '" + value + "', should be one of A,B,C");
                    }
                    yield p;
                }
                if (!spec.values().contains(value)) {
                    throw new ConfigException(at.file(), at.line(), "unknown value '" + value + "' for " + spec.name()
                            + ", should be one of " + String.join(", ", spec.values()));
                }
                yield value;
            }
            case STRING -> value;
        };
    }
}
