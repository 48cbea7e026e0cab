package org.jvs.drbd.config;

import java.util.List;

/**
 * An {@code on NAME [NAME...] { ... }} section: the volumes and the replication address of the
 * named host(s). Immutable.
 *
 * @param names   the host names (matched against {@code uname -n})
 * @param address where the host listens for its peer
 * @param volumes its volumes by number
 * @param line    the line of the {@code on} keyword
 * @param nbdExport where this host serves the Primary's NBD export over TCP ({@code host:port}), a jvs
 *                  extension ({@code nbd-export ADDRESS;}) that real drbdadm does not know
 */
public record HostSection(List<String> names, Address address, List<VolumeConfig> volumes, int line,
                          java.util.Optional<String> nbdExport) {

    /** Copies the lists. */
    public HostSection {
        names = List.copyOf(names);
        volumes = List.copyOf(volumes);
    }

    /** Whether this section describes host {@code hostname}. */
    public boolean isFor(String hostname) {
        return names.contains(hostname);
    }
}
