package org.jvs.director;

import java.nio.file.Path;
import java.util.List;
import org.jvs.common.RunDirectory;
import org.jvs.ipvs.conn.ConnectionSysctls;
import org.jvs.ipvs.conn.ConnectionTable;

/**
 * Everything a director is started with, validated before anything starts. Immutable.
 *
 * @param runDirectory   where the control socket and PID file live
 * @param rulesFile      an {@code ipvsadm -S} file restored at start, or null
 * @param connTabBits    conn_tab_bits: the {@code (size=2^bits)} of listings, 8..27
 * @param maxConnections entries beyond this are refused
 * @param sysctls        expire_nodest_conn, expire_quiescent_template, conn_reuse_mode, sloppy_tcp
 * @param interfaces     the interfaces whose packets the director forwards; empty: control only
 * @param busyPollMicros how long the data plane keeps looking for packets after the last one before
 *                       it sleeps (0: at once)
 */
public record DirectorOptions(RunDirectory runDirectory, Path rulesFile, int connTabBits, int maxConnections,
                              ConnectionSysctls sysctls, List<String> interfaces, int busyPollMicros) {
    /** Without busy polling (the kernel's net.core.busy_poll default, 0). */
    public DirectorOptions(RunDirectory runDirectory, Path rulesFile, int connTabBits, int maxConnections,
                           ConnectionSysctls sysctls, List<String> interfaces) {
        this(runDirectory, rulesFile, connTabBits, maxConnections, sysctls, interfaces, 0);
    }

    public DirectorOptions {
        interfaces = List.copyOf(interfaces);
        if (connTabBits < 8 || connTabBits > 27) {
            throw new IllegalArgumentException("conn-tab-bits must be 8..27, not " + connTabBits);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max-connections must be positive");
        }
        if (busyPollMicros < 0 || busyPollMicros > 1_000_000) {
            throw new IllegalArgumentException("busy-poll must be 0..1000000 microseconds, not " + busyPollMicros);
        }
    }

    /** The defaults, in {@code runDirectory}, without a packet data plane. */
    public static DirectorOptions defaults(RunDirectory runDirectory) {
        return new DirectorOptions(runDirectory, null, ConnectionTable.DEFAULT_TAB_BITS,
                ConnectionTable.DEFAULT_MAX_CONNECTIONS, ConnectionSysctls.JVS_DEFAULTS, List.of());
    }

    /** These options with packet forwarding on {@code names}. */
    public DirectorOptions withInterfaces(List<String> names) {
        return new DirectorOptions(runDirectory, rulesFile, connTabBits, maxConnections, sysctls, names,
                busyPollMicros);
    }
}
