package org.jvs.ipvs.service;

import org.jvs.ipvs.IpAddress;

/**
 * The operator-set attributes of a real server, what {@code ipvsadm -a/-e} sends (ip_vs_dest_user).
 * Thresholds of 0 mean "unset". {@code tunnel} is meaningful only for {@link ForwardingMethod#TUNNEL}.
 */
public record DestConfig(IpAddress address, int port, ForwardingMethod method, int weight,
                         int upperThreshold, int lowerThreshold, TunnelConfig tunnel) {
    public DestConfig {
        if (tunnel == null) {
            tunnel = TunnelConfig.IPIP;
        }
    }
}
