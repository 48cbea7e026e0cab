package org.jvs.ldirectord.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jvs.ipvs.IpAddress;
import org.jvs.ldirectord.config.Addresses;
import org.jvs.ldirectord.config.VirtualProtocol;

/**
 * The sip negotiate check: ldirectord's OPTIONS request for {@code sip:<login>} over the virtual's
 * protocol (usually udp), with its fixed branch, tag and CSeq and a random Call-ID; up iff the first
 * response line starts with "SIP/2.0 200 OK". Bounded by negotiatetimeout. Thread-safe.
 */
final class SipCheck implements Check {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        Deadline deadline = t.negotiateDeadline();
        String first;
        if (t.protocol() == VirtualProtocol.UDP) {
            try (Udp u = Udp.connect(t.inet(), t.checkPort(), deadline)) {
                u.send(request(t.check().login(), u.local()));
                String reply = new String(u.receive(), StandardCharsets.ISO_8859_1);
                first = reply.split("\r?\n", 2)[0];
            }
        } else {
            try (Connection c = Connection.open(t.inet(), t.checkPort(), deadline)) {
                c.write(request(t.check().login(), c.local()));
                first = c.readLine();
            }
        }
        if (first != null && first.startsWith("SIP/2.0 200 OK")) {
            return CheckResult.up(CheckResult.NO_MESSAGE);
        }
        return CheckResult.down(CheckResult.NO_MESSAGE);
    }

    private static byte[] request(String login, InetSocketAddress local) {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        String from = Addresses.hostText(IpAddress.ofBytes(local.getAddress().getAddress())) + ":" + local.getPort();
        String text = "OPTIONS sip:" + login + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + from + ";branch=z9hG4bKhjhs8ass877\r\n"
                + "Max-Forwards: 70\r\n"
                + "To: <sip:" + login + ">\r\n"
                + "From: <sip:" + login + ">;tag=1928301774\r\n"
                + "Call-ID: " + HexFormat.of().formatHex(id) + "\r\n"
                + "CSeq: 63104 OPTIONS\r\n"
                + "Contact: <sip:" + login + ">\r\n"
                + "Accept: application/sdp\r\n"
                + "Content-Length: 0\r\n\r\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
