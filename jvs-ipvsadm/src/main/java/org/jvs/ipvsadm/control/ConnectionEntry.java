package org.jvs.ipvsadm.control;

import java.util.Objects;
import org.jvs.ipvs.IpAddress;

/**
 * One line of the connection table as {@code /proc/net/ip_vs_conn} gives it to {@code ipvsadm -c}:
 * protocol name (TCP, UDP, SCTP, IP), seconds until expiry, state name (ESTABLISHED, NONE,
 * ASSURED, UDP, ...), client, virtual and destination address and port, and the persistence
 * engine's name and data (both empty when the connection has none). Immutable.
 */
public record ConnectionEntry(String protocol, int expireSec, String state,
                              IpAddress clientAddress, int clientPort,
                              IpAddress virtualAddress, int virtualPort,
                              IpAddress destAddress, int destPort,
                              String peName, String peData) {
    public ConnectionEntry {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(virtualAddress, "virtualAddress");
        Objects.requireNonNull(destAddress, "destAddress");
        Objects.requireNonNull(peName, "peName");
        Objects.requireNonNull(peData, "peData");
    }
}
