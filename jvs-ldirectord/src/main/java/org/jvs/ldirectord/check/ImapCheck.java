package org.jvs.ldirectord.check;

import java.io.IOException;
import java.util.Locale;

/**
 * The imap and imaps negotiate checks, as Net::IMAP::Simple: the greeting must be "* OK" or
 * "* PREAUTH"; with a login set, {@code LOGIN "user" "password"} must be answered OK. Then LOGOUT.
 * Bounded by negotiatetimeout. Stateless.
 */
final class ImapCheck implements Check {
    /** Untagged lines read at most while waiting for a tagged answer. */
    private static final int MAX_UNTAGGED = 1000;

    private final boolean tls;

    ImapCheck(boolean tls) {
        this.tls = tls;
    }

    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        try (Connection c = Connection.open(t.inet(), t.checkPort(), tls, t.negotiateDeadline())) {
            String greeting = c.readLine();
            String g = greeting == null ? "" : greeting.toUpperCase(Locale.ROOT);
            if (!g.startsWith("* OK") && !g.startsWith("* PREAUTH")) {
                return CheckResult.down(CheckResult.NO_MESSAGE);
            }
            String login = t.check().login();
            if (!login.isEmpty()) {
                c.write("1 LOGIN " + quote(login) + " " + quote(t.check().passwd()) + "\r\n");
                if (!tagged(c, "1").startsWith("OK")) {
                    return CheckResult.down(CheckResult.NO_MESSAGE);
                }
            }
            c.write("2 LOGOUT\r\n");
            return CheckResult.up(CheckResult.NO_MESSAGE);
        }
    }

    /** The status part of the tagged answer ("OK ...", "NO ...", "BAD ..."). */
    private static String tagged(Connection c, String tag) throws IOException {
        for (int i = 0; i < MAX_UNTAGGED; i++) {
            String line = c.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
            if (line.startsWith(tag + " ")) {
                return line.substring(tag.length() + 1).toUpperCase(Locale.ROOT);
            }
        }
        throw new IOException("no tagged answer");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
