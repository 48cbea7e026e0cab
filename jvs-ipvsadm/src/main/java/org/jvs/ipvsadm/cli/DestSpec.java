package org.jvs.ipvsadm.cli;

import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.TunnelConfig;
import org.jvs.ipvs.service.TunnelType;

/**
 * The real server being assembled from the command line (ipvsadm's ipvs_dest_t), with ipvsadm's
 * defaults: direct routing, weight 1, no thresholds, IPIP tunnel without checksum. Not thread-safe.
 */
final class DestSpec {
    AddressFamily family;
    IpAddress address;
    int port;
    ForwardingMethod method = ForwardingMethod.ROUTE;
    int weight = 1;
    int upperThreshold;
    int lowerThreshold;
    TunnelType tunnelType = TunnelType.IPIP;
    int tunnelPort;
    /** IP_VS_TUNNEL_ENCAP_FLAG_* bits, or-ed as the options come. */
    int tunnelFlags;

    DestConfig config() {
        return new DestConfig(address, port, method, weight, upperThreshold, lowerThreshold,
                new TunnelConfig(tunnelType, tunnelPort, tunnelFlags));
    }
}
