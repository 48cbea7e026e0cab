package org.jvs.ldirectord.check;

import java.io.IOException;

/**
 * The nntp negotiate check: connect, wait for the greeting, read at most 64 bytes; up iff the
 * greeting starts with '2'. Bounded by negotiatetimeout. Stateless.
 */
final class NntpCheck implements Check {
    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        try (Connection c = Connection.open(t.inet(), t.checkPort(), t.negotiateDeadline())) {
            byte[] buf = new byte[64];
            int n = c.read(buf, 0, buf.length);
            return n > 0 && buf[0] == '2' ? CheckResult.up(CheckResult.NO_MESSAGE) : CheckResult.down(CheckResult.NO_MESSAGE);
        }
    }
}
