package org.jvs.ldirectord.config;

import org.jvs.ipvs.IpAddress;

/**
 * The server a virtual service sends clients to while none of its real servers is up. Always added
 * with weight 1, never quiesced. Immutable.
 *
 * @param port the fallback port; for a global fallback without a port, the virtual's port is used
 */
public record FallbackConfig(IpAddress address, int port, Forward forward) {

    /** {@code ip:port} as ldirectord logs it. */
    public String text() {
        return Addresses.hostText(address) + ":" + port;
    }
}
