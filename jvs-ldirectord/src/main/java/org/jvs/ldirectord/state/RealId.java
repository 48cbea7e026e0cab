package org.jvs.ldirectord.state;

import org.jvs.ldirectord.config.Addresses;
import org.jvs.ldirectord.config.HealthCheckConfig;
import org.jvs.ldirectord.config.RealServerConfig;
import org.jvs.ldirectord.config.VirtualServiceConfig;

/**
 * ldirectord's real-server id ({@code get_real_id_str}): what makes two real-server entries the
 * same check — checktype[:service|:checkcommand]:protocol:ip:port:virtualhost:checkport:weight:
 * forward:request:receive, with request and receive quotemeta'd. Entries of different virtual
 * services with the same id are checked once per round. Stateless.
 */
public final class RealId {
    private RealId() {
    }

    public static String of(VirtualServiceConfig v, RealServerConfig r) {
        HealthCheckConfig c = v.check();
        String request = r.request() != null ? r.request() : c.request();
        String receive = r.receive() != null ? r.receive() : c.receive();
        String check = switch (c.type()) {
            case NEGOTIATE, COMBINED -> c.type().word() + ":" + c.service().word();
            case EXTERNAL, EXTERNAL_PERL -> c.type().word() + ":" + c.checkCommand();
            default -> c.type().word();
        };
        return check + ":" + v.protocol().word() + ":" + Addresses.hostText(r.address()) + ":" + r.port() + ":"
                + (c.virtualHost() == null ? "" : c.virtualHost()) + ":" + (c.checkPort() > 0 ? c.checkPort() : "")
                + ":" + r.weight() + ":" + r.forward().word() + ":" + quotemeta(request) + ":" + quotemeta(receive);
    }

    /** Perl's quotemeta: a backslash before every ASCII character that is not a word character. */
    static String quotemeta(String s) {
        StringBuilder b = new StringBuilder(s.length() * 2);
        for (char ch : s.toCharArray()) {
            if (ch < 128 && !Character.isLetterOrDigit(ch) && ch != '_') {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }
}
