package org.jvs.ldirectord.check;

import java.io.IOException;
import org.jvs.ldirectord.config.ServiceType;

/**
 * The ldap and ldaps negotiate checks, as ldirectord drives Net::LDAP: a simple bind (with login and
 * passwd when both are set, anonymous otherwise), then a base-scope search of the request (leading
 * '/' removed) for {@code (objectClass=*)}. Up iff exactly one entry comes back and its DN matches
 * receive (when set). The whole check is bounded by checktimeout, the connect also by
 * negotiatetimeout. Messages of at most {@link #MAX_MESSAGE} bytes are accepted. Stateless.
 */
final class LdapCheck implements Check {
    static final int MAX_MESSAGE = 1 << 20;
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int ENUMERATED = 0x0A;
    private static final int OCTETS = 0x04;
    private static final int BOOLEAN = 0x01;
    private static final int BIND_REQUEST = 0x60;
    private static final int BIND_RESPONSE = 0x61;
    private static final int UNBIND_REQUEST = 0x42;
    private static final int SEARCH_REQUEST = 0x63;
    private static final int SEARCH_ENTRY = 0x64;
    private static final int SEARCH_DONE = 0x65;
    private static final int SIMPLE_AUTH = 0x80;
    private static final int PRESENT_FILTER = 0x87;

    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        Deadline deadline = t.checkDeadline().atMost(t.negotiateTimeout());
        boolean tls = t.check().service() == ServiceType.LDAPS;
        Connection c;
        try {
            c = Connection.open(t.inet(), t.checkPort(), tls, deadline);
        } catch (IOException e) {
            return CheckResult.down("Connection failed");
        }
        try (c) {
            boolean credentials = !t.check().login().isEmpty() && !t.check().passwd().isEmpty();
            c.write(message(1, Ber.tlv(BIND_REQUEST, Ber.integer(INTEGER, 3),
                    Ber.string(OCTETS, credentials ? t.check().login() : ""),
                    Ber.string(SIMPLE_AUTH, credentials ? t.check().passwd() : ""))));
            Ber.Reader bind = read(c).enter(BIND_RESPONSE);
            if (bind.integer(ENUMERATED) != 0) {
                return CheckResult.down("Bind failed");
            }
            c.write(message(2, Ber.tlv(SEARCH_REQUEST, Ber.string(OCTETS, t.bareRequest()),
                    Ber.integer(ENUMERATED, 0), Ber.integer(ENUMERATED, 0), Ber.integer(INTEGER, 0),
                    Ber.integer(INTEGER, 0), Ber.tlv(BOOLEAN, new byte[] {0}),
                    Ber.string(PRESENT_FILTER, "objectClass"), Ber.tlv(SEQUENCE))));
            int entries = 0;
            String dn = null;
            while (true) {
                Ber.Reader msg = read(c);
                int tag = msg.peekTag();
                if (tag == SEARCH_DONE) {
                    break;
                }
                if (tag == SEARCH_ENTRY) {
                    entries++;
                    String entryDn = msg.enter(SEARCH_ENTRY).string(OCTETS);
                    dn = dn == null ? entryDn : dn;
                }
            }
            c.write(message(3, Ber.tlv(UNBIND_REQUEST)));
            if (entries != 1) {
                return CheckResult.down("No answer received");
            }
            return t.received(dn) ? CheckResult.up("Success") : CheckResult.down("Response mismatch");
        }
    }

    private static byte[] message(int id, byte[] op) {
        return Ber.tlv(SEQUENCE, Ber.integer(INTEGER, id), op);
    }

    /** The next LDAPMessage, positioned at its protocol operation. */
    private static Ber.Reader read(Connection c) throws IOException {
        byte[] head = c.readExactly(2);
        if ((head[0] & 0xFF) != SEQUENCE) {
            throw new IOException("not an LDAP message");
        }
        int len = head[1] & 0xFF;
        if (len >= 0x80) {
            byte[] lenBytes = c.readExactly(len & 0x7F);
            if (lenBytes.length == 0 || lenBytes.length > 4) {
                throw new IOException("unsupported BER length");
            }
            len = 0;
            for (byte b : lenBytes) {
                len = (len << 8) | (b & 0xFF);
            }
        }
        if (len < 0 || len > MAX_MESSAGE) {
            throw new IOException("LDAP message too large");
        }
        byte[] body = c.readExactly(len);
        Ber.Reader r = new Ber.Reader(body);
        r.integer(INTEGER);
        return r;
    }
}
