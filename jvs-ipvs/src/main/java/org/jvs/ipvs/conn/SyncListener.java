package org.jvs.ipvs.conn;

/**
 * Told by {@link IpvsCore#in} about every client packet of a connection (one-packet connections
 * excepted) while a master sync daemon runs, as ip_vs_in calls ip_vs_sync_conn. Called on the
 * data-plane thread; must not block or allocate.
 */
public interface SyncListener {
    /**
     * @param table        the table holding {@code h}, readable during the call
     * @param h            the connection's handle
     * @param stateChanged whether this packet moved the connection to another state
     */
    void seen(ConnectionTable table, int h, boolean stateChanged);
}
