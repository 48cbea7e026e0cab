package org.jvs.ldirectord.check;

import java.net.InetAddress;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jvs.ipvs.IpAddress;
import org.jvs.ldirectord.config.Addresses;
import org.jvs.ldirectord.config.HealthCheckConfig;
import org.jvs.ldirectord.config.Regex;
import org.jvs.ldirectord.config.RealServerConfig;
import org.jvs.ldirectord.config.ServiceType;
import org.jvs.ldirectord.config.VirtualProtocol;
import org.jvs.ldirectord.config.VirtualServiceConfig;

/**
 * Everything a check needs about one real server of one virtual service, resolved as ldirectord's
 * {@code ld_setup} does: the check port, the request/receive pair (the real line's pair overrides the
 * virtual's), the URL of HTTP checks, and both timeouts. Immutable.
 *
 * @param virtualHost text of the virtual's address, or its mark (the first argument of external checks)
 * @param virtualPort the virtual port (0 for a mark)
 * @param realPort the real server's configured port
 * @param checkPort the port checks connect to
 * @param request the request, with the leading '/' ldirectord always adds
 * @param receive the receive regular expression, possibly empty
 * @param url the URL of http, https and http_proxy checks
 * @param checkTimeout bound of connect, ping and external checks (and LDAP and RADIUS overall)
 * @param negotiateTimeout bound of negotiate checks
 */
public record CheckTarget(HealthCheckConfig check, VirtualProtocol protocol, String virtualHost, int virtualPort,
                          IpAddress address, int realPort, int checkPort, String request, String receive, String url,
                          Duration checkTimeout, Duration negotiateTimeout) {

    /** The target ldirectord would check for this real server of this virtual service. */
    public static CheckTarget of(VirtualServiceConfig v, RealServerConfig r) {
        HealthCheckConfig c = v.check();
        int checkPort = c.checkPort() > 0 ? c.checkPort() : r.port() > 0 ? r.port() : c.service().defaultPort();
        boolean ownPair = r.request() != null && r.receive() != null;
        String request = ownPair ? r.request() : c.request();
        String receive = ownPair ? r.receive() : c.receive();
        String schema = c.service() == ServiceType.HTTP_PROXY ? "http" : c.service().word();
        String uri = request.startsWith("/") ? request.substring(1) : request;
        String url;
        if (ownPair && request.contains(schema + "://") || !ownPair && c.service() == ServiceType.HTTP_PROXY) {
            url = uri;
        } else {
            url = schema + "://" + Addresses.hostText(r.address()) + ":" + checkPort + "/" + uri;
        }
        String virtualHost = v.isFwmark() ? Integer.toString(v.fwmark()) : Addresses.hostText(v.address());
        return new CheckTarget(c, v.protocol(), virtualHost, v.port(), r.address(), r.port(), checkPort, request,
                receive, url, Duration.ofSeconds(c.checkTimeoutSec()), Duration.ofSeconds(c.negotiateTimeoutSec()));
    }

    /** The same target with other timeouts (tests use sub-second ones). */
    public CheckTarget withTimeouts(Duration checkTimeout, Duration negotiateTimeout) {
        return new CheckTarget(check, protocol, virtualHost, virtualPort, address, realPort, checkPort, request,
                receive, url, checkTimeout, negotiateTimeout);
    }

    /** The real server's address. */
    public InetAddress inet() {
        return address.toInetAddress();
    }

    /** The real server as ldirectord writes it in URLs and Host headers: IPv6 in brackets. */
    public String hostText() {
        return Addresses.hostText(address);
    }

    /** The request without its leading '/', as most services use it. */
    public String bareRequest() {
        return request.startsWith("/") ? request.substring(1) : request;
    }

    /** Whether {@code text} satisfies the receive expression (an empty one matches anything). */
    public boolean received(CharSequence text) {
        return receive.isEmpty() || receivePattern().matcher(text).find();
    }

    /** The compiled receive expression. */
    public Pattern receivePattern() {
        return Regex.compile(receive);
    }

    /** A deadline of {@link #negotiateTimeout()} from now. */
    public Deadline negotiateDeadline() {
        return Deadline.after(negotiateTimeout);
    }

    /** A deadline of {@link #checkTimeout()} from now. */
    public Deadline checkDeadline() {
        return Deadline.after(checkTimeout);
    }
}
