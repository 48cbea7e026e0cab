package org.jvs.ipvsadm.control;

import java.util.Objects;
import org.jvs.ipvs.IpAddress;

/**
 * A connection-sync daemon as {@code --start-daemon} configures it and {@code --daemon} lists it
 * (ipvs_daemon_t): multicast interface name, sync id (0 = accept every id), maximum message length
 * in bytes, multicast group (null when not given), UDP port and TTL. Zero for length, port or TTL
 * means "not set", and listings omit it. Immutable.
 */
public record SyncDaemonConfig(DaemonState state, String mcastInterface, int syncId, int syncMaxlen,
                               IpAddress mcastGroup, int mcastPort, int mcastTtl) {
    public SyncDaemonConfig {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(mcastInterface, "mcastInterface");
    }
}
