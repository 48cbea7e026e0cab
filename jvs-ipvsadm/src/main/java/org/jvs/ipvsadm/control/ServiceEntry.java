package org.jvs.ipvsadm.control;

import java.util.List;
import java.util.Objects;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.stats.StatsSnapshot;

/**
 * One virtual service as listed (ipvs_service_entry_t plus its ipvs_get_dests): configuration,
 * counters and rates, and the real servers in the director's order. Immutable.
 */
public record ServiceEntry(ServiceConfig config, StatsSnapshot stats, List<DestEntry> dests) {
    public ServiceEntry {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(stats, "stats");
        dests = List.copyOf(dests);
    }
}
