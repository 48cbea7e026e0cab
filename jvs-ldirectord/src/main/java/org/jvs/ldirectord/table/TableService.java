package org.jvs.ldirectord.table;

import java.util.List;
import java.util.Optional;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ServiceConfig;

/** A snapshot of one virtual service of the table and its real servers. Immutable. */
public record TableService(ServiceConfig config, List<DestConfig> reals) {

    public TableService {
        reals = List.copyOf(reals);
    }

    /** The real server at {@code address:port}, if present. */
    public Optional<DestConfig> real(IpAddress address, int port) {
        return reals.stream().filter(d -> d.address().equals(address) && d.port() == port).findFirst();
    }
}
