package org.jvs.ipvs.sync;

import org.jvs.ipvs.conn.TcpState;
import org.jvs.ipvs.service.Protocol;

/**
 * When a master sends a connection (ip_vs_sync_conn_needed, sync_refresh_period 0): TCP only in
 * ESTABLISHED, FIN_WAIT, CLOSE, CLOSE_WAIT and TIME_WAIT; a change into one of those other than
 * ESTABLISHED at once; otherwise when the connection's client packet count modulo
 * {@code sync_period} equals {@code sync_threshold} (packets 3, 53, 103, ... by default), which also
 * catches the entry into ESTABLISHED (the handshake's third packet). Stateless.
 */
public final class SyncPolicy {
    /** The kernel's sync_threshold default. */
    public static final int THRESHOLD = 3;
    /** The kernel's sync_period default. */
    public static final int PERIOD = 50;
    private static final int SYNCED_TCP_STATES = bit(TcpState.ESTABLISHED) | bit(TcpState.FIN_WAIT)
            | bit(TcpState.CLOSE) | bit(TcpState.CLOSE_WAIT) | bit(TcpState.TIME_WAIT);

    private SyncPolicy() {
    }

    private static int bit(TcpState s) {
        return 1 << s.code();
    }

    /**
     * @param protocol     the connection's protocol number
     * @param state        its state after the packet
     * @param stateChanged whether the packet changed the state
     * @param inPackets    client packets counted so far, this one included
     */
    public static boolean needed(int protocol, int state, boolean stateChanged, int inPackets) {
        if (protocol == Protocol.TCP.number()) {
            if (state >= 32 || (SYNCED_TCP_STATES & (1 << state)) == 0) {
                return false;
            }
            if (stateChanged) {
                return true;
            }
        }
        return inPackets % PERIOD == THRESHOLD;
    }
}
