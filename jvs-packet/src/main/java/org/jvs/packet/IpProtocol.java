package org.jvs.packet;

/** IP protocol and IPv6 next-header numbers (IANA "Assigned Internet Protocol Numbers"). */
public final class IpProtocol {
    /** IPv6 hop-by-hop options extension header. */
    public static final int HOP_BY_HOP = 0;
    public static final int ICMP = 1;
    /** IPv4 encapsulated in IP: IPIP, what LVS-TUN sends. */
    public static final int IPIP = 4;
    public static final int TCP = 6;
    public static final int UDP = 17;
    /** IPv6 encapsulated in IP (6in4 / ip6ip6). */
    public static final int IPV6 = 41;
    /** IPv6 routing extension header. */
    public static final int ROUTING = 43;
    /** IPv6 fragment extension header. */
    public static final int FRAGMENT = 44;
    public static final int GRE = 47;
    public static final int ESP = 50;
    /** IP authentication header (an IPv6 extension header for this parser). */
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    /** IPv6 "no next header". */
    public static final int NONE = 59;
    /** IPv6 destination options extension header. */
    public static final int DESTINATION_OPTIONS = 60;
    public static final int SCTP = 132;

    private IpProtocol() {
    }
}
