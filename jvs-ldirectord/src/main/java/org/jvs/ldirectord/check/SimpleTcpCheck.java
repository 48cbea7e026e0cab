package org.jvs.ldirectord.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jvs.ldirectord.config.VirtualProtocol;

/**
 * The simpletcp negotiate check: send the request (without its leading '/', each literal "\n"
 * turned into a newline), half-close, and read lines until one matches receive (up) or the stream
 * ends (down). Over udp when the virtual service is udp: one datagram out, replies read as lines.
 * Bounded by negotiatetimeout. Stateless.
 */
final class SimpleTcpCheck implements Check {
    /** Lines read at most before giving up on a server that talks without matching. */
    private static final int MAX_LINES = 10_000;

    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        String request = t.bareRequest().replace("\\n", "\n");
        Deadline deadline = t.negotiateDeadline();
        if (t.protocol() == VirtualProtocol.UDP) {
            try (Udp u = Udp.connect(t.inet(), t.checkPort(), deadline)) {
                u.send(request.getBytes(StandardCharsets.ISO_8859_1));
                while (true) {
                    for (String line : new String(u.receive(), StandardCharsets.ISO_8859_1).split("\n")) {
                        if (t.received(line)) {
                            return CheckResult.up(CheckResult.NO_MESSAGE);
                        }
                    }
                }
            }
        }
        try (Connection c = Connection.open(t.inet(), t.checkPort(), deadline)) {
            c.write(request);
            c.shutdownOutput();
            for (int i = 0; i < MAX_LINES; i++) {
                String line = c.readLine();
                if (line == null) {
                    break;
                }
                if (t.received(line)) {
                    return CheckResult.up(CheckResult.NO_MESSAGE);
                }
            }
            return CheckResult.down(CheckResult.NO_MESSAGE);
        }
    }
}
