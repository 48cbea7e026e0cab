package org.jvs.ipvs.conn;

/**
 * The {@code /proc/sys/net/ipv4/vs/*} switches that change how connections are created, reused
 * and expired. Immutable and thread-safe.
 *
 * @param expireNodestConn expire a connection as soon as a packet hits it after its real server
 *                         was deleted (and reschedule a SYN on a quiesced one), instead of silently
 *                         dropping its packets until it times out
 * @param expireQuiescentTemplate a persistence template whose real server has weight 0 no longer
 *                                binds new connections of its client
 * @param connReuseMode bit 1: a SYN that hits an entry in TIME_WAIT or CLOSE is scheduled anew;
 *                      bit 2: also one in FIN_WAIT whose replies were never seen (DR, TUN)
 * @param sloppyTcp schedule TCP on any segment without RST, not only on SYN
 */
public record ConnectionSysctls(boolean expireNodestConn, boolean expireQuiescentTemplate,
                                int connReuseMode, boolean sloppyTcp) {

    /** jvs's defaults: the two expiry switches on, since stale entries black-hole clients. */
    public static final ConnectionSysctls JVS_DEFAULTS = new ConnectionSysctls(true, true, 1, false);

    /** The kernel's defaults. */
    public static final ConnectionSysctls KERNEL_DEFAULTS = new ConnectionSysctls(false, false, 1, false);

    public ConnectionSysctls {
        if (connReuseMode < 0 || connReuseMode > 3) {
            throw new IllegalArgumentException("conn_reuse_mode must be 0..3: " + connReuseMode);
        }
    }
}
