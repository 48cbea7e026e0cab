package org.jvs.ipvs.conn;

import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.Protocol;

/**
 * One connection entry as a value: what {@code ipvsadm -Lnc} lists and what the sync daemon sends
 * and receives. Addresses are the client's, the virtual service's (for a firewall-mark template,
 * the mark as an address) and the real server's. Immutable and thread-safe.
 *
 * @param protocol    TCP, UDP, SCTP, or IP for a firewall-mark template
 * @param flags       IP_VS_CONN_F_* bits ({@link ConnFlags}), kernel bits only
 * @param state       the protocol's state code ({@link TcpState} for TCP; 1 = ASSURED for templates)
 * @param timeoutSec  the entry's current timeout in seconds (what sync v1 sends)
 * @param expiresInMs milliseconds until the entry expires, never negative
 * @param fwmark      the firewall mark the entry was created with, 0 for none
 * @param inPackets   client packets seen (drives sync)
 * @param peName      persistence engine name, empty when none
 * @param peData      persistence engine data as the listing prints it, empty when none
 */
public record ConnectionRecord(Protocol protocol, IpAddress client, int clientPort,
                               IpAddress virtualAddress, int virtualPort, IpAddress dest, int destPort,
                               int flags, int state, int timeoutSec, long expiresInMs, int fwmark,
                               int inPackets, String peName, String peData) {

    /** Template state: assured once a controlled connection was established or answered. */
    public static final int TEMPLATE_ASSURED = 1;

    public ConnectionRecord {
        peName = peName == null ? "" : peName;
        peData = peData == null ? "" : peData;
    }

    public boolean isTemplate() {
        return (flags & ConnFlags.TEMPLATE) != 0;
    }

    /** The state column of {@code ipvsadm -Lc}: NONE/ASSURED for templates, UDP, TCP state names. */
    public String stateName() {
        return stateName(protocol.number(), flags, state);
    }

    /** Whole seconds left as /proc/net/ip_vs_conn reports them (truncated). */
    public long expiresInSec() {
        return expiresInMs / 1000;
    }

    static String stateName(int protocol, int flags, int state) {
        if ((flags & ConnFlags.TEMPLATE) != 0) {
            return (state & TEMPLATE_ASSURED) != 0 ? "ASSURED" : "NONE";
        }
        if (protocol == Protocol.TCP.number()) {
            return state >= 0 && state < TcpState.values().length ? TcpState.ofCode(state).label() : "ERR!";
        }
        if (protocol == Protocol.UDP.number()) {
            return "UDP";
        }
        if (protocol == Protocol.SCTP.number()) {
            return TcpState.ESTABLISHED.label();
        }
        return "NONE";
    }
}
