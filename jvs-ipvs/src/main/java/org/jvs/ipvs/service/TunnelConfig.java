package org.jvs.ipvs.service;

/**
 * Tunnel options of a real server: type, GUE destination port (0 when unused) and the checksum
 * flags ({@link #NOCSUM}, {@link #CSUM}, {@link #REMCSUM}, as IP_VS_TUNNEL_ENCAP_FLAG_*).
 */
public record TunnelConfig(TunnelType type, int port, int flags) {
    public static final int NOCSUM = 0;
    public static final int CSUM = 1;
    public static final int REMCSUM = 2;

    /** Plain IPIP, the default. */
    public static final TunnelConfig IPIP = new TunnelConfig(TunnelType.IPIP, 0, NOCSUM);

    /** The {@code --tun-*csum} option that selects these flags. */
    public String csumOption() {
        return switch (flags) {
            case CSUM -> "--tun-csum";
            case REMCSUM -> "--tun-remcsum";
            default -> "--tun-nocsum";
        };
    }

    /** The flag text of {@code --tun-info}: -c, +c or r+c. */
    public String csumLabel() {
        return switch (flags) {
            case CSUM -> "+c";
            case REMCSUM -> "r+c";
            default -> "-c";
        };
    }
}
