package org.jvs.ipvsadm.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks an argument vector the way popt 1.16+ does for ipvsadm's option table: short clusters
 * ({@code -Lnc}), a short option's argument glued on ({@code -t10.0.0.1:80}, {@code -p=60}) or in
 * the next word, {@code --long=value} or {@code --long value}, an optional argument taken only
 * from a next word not starting with '-', non-options kept as leftovers, and {@code --} making
 * the rest leftovers. With POSIXLY_CORRECT the first non-option ends option processing. popt's
 * aliases, exec entries and {@code !#:+} argument expansion are not used by ipvsadm and not
 * emulated. Not thread-safe.
 */
final class PoptScanner {

    /** One result of {@link #next}. */
    sealed interface Token {
    }

    /** An option and its argument (null when it takes none, or an optional one was absent). */
    record Hit(IpvsadmOption option, String arg) implements Token {
    }

    /** No options left (popt's -1). */
    record End() implements Token {
    }

    /** A popt error (its negative return codes) with poptStrerror's text. */
    record Error(String message) implements Token {
    }

    static final Error MISSING_ARGUMENT = new Error("missing argument");
    static final Error UNKNOWN_OPTION = new Error("unknown option");
    static final Error UNWANTED_ARGUMENT = new Error("option does not take an argument");

    private final String[] argv;
    private final boolean posixlyCorrect;
    private final List<String> leftovers = new ArrayList<>();
    private int next;
    private int nextLeftover;
    private String nextCharArg;
    private boolean restLeftover;

    /** @param argv the arguments after the program name */
    PoptScanner(String[] argv, boolean posixlyCorrect) {
        this.argv = argv.clone();
        this.posixlyCorrect = posixlyCorrect;
    }

    Token next() {
        while (true) {
            String longArg = null;
            IpvsadmOption opt = null;
            if (nextCharArg == null && next == argv.length) {
                return new End();
            }
            if (nextCharArg == null) {
                String s = argv[next++];
                if (restLeftover || !s.startsWith("-") || s.equals("-")) {
                    if (posixlyCorrect) {
                        restLeftover = true;
                    }
                    leftovers.add(s);
                    continue;
                }
                if (s.equals("--")) {
                    restLeftover = true;
                    continue;
                }
                boolean oneDash = s.charAt(1) != '-';
                String body = s.substring(oneDash ? 1 : 2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                if (eq >= 0) {
                    longArg = body.substring(eq + 1);
                }
                // ipvsadm has no single-dash long options: "-xyz" is always a cluster.
                if (!oneDash) {
                    opt = IpvsadmOption.byLongName(name);
                    if (opt == null) {
                        return UNKNOWN_OPTION;
                    }
                } else {
                    nextCharArg = s.substring(1);
                    longArg = null;
                }
            }
            if (nextCharArg != null) {
                String cluster = nextCharArg;
                nextCharArg = null;
                opt = IpvsadmOption.byShortName(cluster.charAt(0));
                if (opt == null) {
                    return UNKNOWN_OPTION;
                }
                if (cluster.length() > 1) {
                    nextCharArg = cluster.substring(1);
                }
            }
            if (opt.arg() == IpvsadmOption.Arg.NONE) {
                if (longArg != null || (nextCharArg != null && nextCharArg.charAt(0) == '=')) {
                    return UNWANTED_ARGUMENT;
                }
                return new Hit(opt, null);
            }
            String value;
            if (longArg != null) {
                value = longArg;
            } else if (nextCharArg != null) {
                value = nextCharArg.charAt(0) == '=' ? nextCharArg.substring(1) : nextCharArg;
                nextCharArg = null;
            } else if (next == argv.length) {
                if (opt.arg() != IpvsadmOption.Arg.OPTIONAL) {
                    return MISSING_ARGUMENT;
                }
                value = null;
            } else if (opt.arg() == IpvsadmOption.Arg.OPTIONAL && argv[next].startsWith("-")) {
                value = null;
            } else {
                value = argv[next++];
            }
            return new Hit(opt, value);
        }
    }

    /** poptBadOption(POPT_BADOPTION_NOALIAS): the word last consumed. */
    String badOption() {
        return next > 0 ? argv[next - 1] : "";
    }

    /** poptGetArg: the next leftover, or null. */
    String nextLeftover() {
        return nextLeftover < leftovers.size() ? leftovers.get(nextLeftover++) : null;
    }
}
