package org.jvs.ldirectord.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;

/**
 * A virtual block while it is being read: ldirectord's per-virtual defaults, then whatever the block
 * sets, then the resolved address and real servers. Turned into a {@link VirtualServiceConfig} once
 * the whole file (and so every global default) is known. Confined to the parsing thread.
 */
final class VirtualDraft {
    /** An unset timeout or count, as ldirectord's -1. */
    static final int UNSET = -1;

    final int line;
    final AddressFamily family;
    /** {@code host:port} or {@code [v6]:port} as written, null for a mark. */
    final String hostPort;
    /** The port as written (a number or a service name), "0" for a mark. */
    final String portText;
    final int fwmark;

    VirtualProtocol protocol;
    CheckType checkType = CheckType.NEGOTIATE;
    int numConnects;
    ServiceType service;
    String checkCommand = "/bin/true";
    int checkPort;
    String request = "/";
    String receive = "";
    String login = "";
    String passwd = "";
    String database = "";
    String secret = "";
    String httpMethod = "GET";
    String virtualHost;
    int checkTimeout = UNSET;
    int negotiateTimeout = UNSET;
    int checkCount = UNSET;
    int failureCount = UNSET;
    int checkInterval;
    String scheduler = "wrr";
    int persistent;
    boolean persistentSet;
    String netmask;
    int schedFlags;
    boolean onePacket;
    ParsedFallback fallback;
    int fallbackLine;
    String fallbackCommand;
    Boolean quiescent;
    String emailAlert;
    Integer emailAlertFreq;
    Integer emailAlertStatus;
    Path monitorFile;
    Boolean cleanstop;
    String smtp;
    String serviceName;
    String comment;
    final List<String[]> realLines = new ArrayList<>();

    IpAddress address;
    int port;
    FallbackConfig resolvedFallback;
    final List<RealServerConfig> reals = new ArrayList<>();

    VirtualDraft(int line, AddressFamily family, String hostPort, String portText, int fwmark) {
        this.line = line;
        this.family = family;
        this.hostPort = hostPort;
        this.portText = portText;
        this.fwmark = fwmark;
        if (hostPort == null) {
            protocol = VirtualProtocol.FWM;
            service = ServiceType.NONE;
        } else {
            protocol = hostPort.endsWith(":53") || hostPort.endsWith(":domain") ? VirtualProtocol.UDP : VirtualProtocol.TCP;
        }
    }

    /** A fallback as written: the port may still be a service name, or null (global: use the virtual's). */
    record ParsedFallback(String host, String port, Forward forward) {
    }

    /** The virtual id, valid once the address is resolved. */
    String id() {
        if (protocol == VirtualProtocol.FWM) {
            return "fwm" + (family == AddressFamily.INET6 ? "6" : "") + ":" + fwmark;
        }
        return protocol.word() + ":" + Addresses.hostText(address) + ":" + port;
    }

    VirtualServiceConfig build(Globals g) {
        int ct = first(checkTimeout, negotiateTimeout, g.checkTimeout, g.negotiateTimeout, 5);
        int nt = first(negotiateTimeout, checkTimeout, g.negotiateTimeout, g.checkTimeout, 30);
        HealthCheckConfig check = new HealthCheckConfig(checkType, numConnects, service, checkCommand, checkPort,
                request, receive, httpMethod, virtualHost, login, passwd, database, secret, ct, nt,
                checkCount >= 0 ? checkCount : g.checkCount, failureCount >= 0 ? failureCount : g.failureCount);
        FallbackConfig fb = resolvedFallback != null ? resolvedFallback : g.fallbackFor(this);
        EmailAlertConfig mail = new EmailAlertConfig(
                emailAlert != null ? emailAlert : g.emailAlert,
                emailAlertFreq != null ? emailAlertFreq : g.emailAlertFreq,
                emailAlertStatus != null ? emailAlertStatus : g.emailAlertStatus,
                smtp != null ? smtp : g.smtp);
        int mask = netmaskValue();
        return new VirtualServiceConfig(line, family, protocol, address, port, fwmark, scheduler,
                persistentSet ? persistent : 0, mask, schedFlags, onePacket, reals, fb, check, checkInterval,
                quiescent != null ? quiescent : g.quiescent, cleanstop != null ? cleanstop : g.cleanstop,
                fallbackCommand != null ? fallbackCommand : g.fallbackCommand, mail, monitorFile, serviceName,
                comment);
    }

    private int netmaskValue() {
        if (family == AddressFamily.INET6) {
            return persistentSet && netmask != null ? Integer.parseInt(netmask) : 128;
        }
        if (persistentSet && netmask != null) {
            return IpAddress.parseNumeric(netmask).v4();
        }
        return -1;
    }

    private static int first(int... values) {
        for (int v : values) {
            if (v >= 0) {
                return v;
            }
        }
        throw new AssertionError("the chain ends with a default");
    }

    /** The global values a virtual inherits, as they stand at the end of the file. */
    static final class Globals {
        int checkTimeout = UNSET;
        int negotiateTimeout = UNSET;
        int checkCount = 1;
        int failureCount = 1;
        boolean quiescent;
        boolean cleanstop = true;
        String fallbackCommand;
        String emailAlert = "";
        int emailAlertFreq;
        int emailAlertStatus = DaemonStatus.ALL;
        String smtp;
        /** Global fallbacks, resolved per protocol: [family][tcp=0/udp=1]. */
        final FallbackConfig[][] fallbacks = new FallbackConfig[2][2];
        /** Whether the global fallback had a port; without one the virtual's port is used. */
        final boolean[] fallbackHasPort = new boolean[2];

        FallbackConfig fallbackFor(VirtualDraft v) {
            int af = v.family == AddressFamily.INET ? 0 : 1;
            if (v.protocol == VirtualProtocol.FWM) {
                // The global fallback is kept per tcp/udp; ldirectord has no usable entry for marks.
                return null;
            }
            FallbackConfig f = fallbacks[af][v.protocol == VirtualProtocol.TCP ? 0 : 1];
            if (f == null) {
                return null;
            }
            return fallbackHasPort[af] ? f : new FallbackConfig(f.address(), v.port, f.forward());
        }
    }
}
