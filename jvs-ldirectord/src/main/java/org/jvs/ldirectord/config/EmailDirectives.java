package org.jvs.ldirectord.config;

import static org.jvs.ldirectord.config.Directives.at;
import static org.jvs.ldirectord.config.Directives.re;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The e-mail alert values, allowed globally and in virtual blocks with the same syntax. Stateless. */
final class EmailDirectives {
    private static final Pattern QUOTED = re("\"([^\"]*)\"");
    private static final Pattern HOST = re("[0-9A-Za-z._+-]+");

    private EmailDirectives() {
    }

    /** {@code emailalert}: enclosing quotes are optional. */
    static String address(Path file, int line, String value) throws ConfigException {
        Matcher q = QUOTED.matcher(value);
        String addr = q.matches() ? q.group(1) : value;
        if (addr.isEmpty()) {
            throw new ConfigException(file, line, "no email address specified");
        }
        return addr;
    }

    /** {@code emailalertfreq}: the digits right after '='. */
    static int frequency(Path file, int line, String digits) throws ConfigException {
        Integer v = Directives.firstNumber(digits);
        if (v == null) {
            throw new ConfigException(file, line, "invalid email alert frequency");
        }
        return v;
    }

    /** {@code emailalertstatus}: all, none, or a comma list of starting, running, stopping, reloading. */
    static int status(Path file, int line, String value) throws ConfigException {
        String[] words = value.split("\\s*,\\s*");
        boolean none = false;
        for (String w : words) {
            none |= w.equals("none");
        }
        int mask = 0;
        for (String w : words) {
            if (w.equals("none")) {
                continue;
            }
            if (w.equals("all")) {
                mask = DaemonStatus.ALL;
            } else {
                DaemonStatus s = statusOf(w);
                if (s == null) {
                    throw new ConfigException(file, line, "invalid email alert status at: \"" + w + "\"");
                }
                mask |= s.bit();
            }
            if (none) {
                throw new ConfigException(file, line,
                        "invalid email alert status: \"" + w + "\" specified with \"none\"");
            }
        }
        return mask;
    }

    /** {@code smtp}: the leading host-name characters. */
    static String smtp(Path file, int line, String value) throws ConfigException {
        Matcher m = at(HOST, value);
        if (m == null) {
            throw new ConfigException(file, line, "invalid SMTP server address");
        }
        return m.group();
    }

    private static DaemonStatus statusOf(String word) {
        for (DaemonStatus s : DaemonStatus.values()) {
            if (s.word().equals(word)) {
                return s;
            }
        }
        return null;
    }
}
