package org.jvs.ipvsadm.control;

import java.util.Objects;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.stats.StatsSnapshot;

/**
 * One real server as listed (ipvs_dest_entry_t): configuration, the ActiveConn, InActConn and
 * PersistConn counts, counters and rates. Immutable.
 */
public record DestEntry(DestConfig config, int activeConns, int inactConns, int persistConns, StatsSnapshot stats) {
    public DestEntry {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(stats, "stats");
    }
}
