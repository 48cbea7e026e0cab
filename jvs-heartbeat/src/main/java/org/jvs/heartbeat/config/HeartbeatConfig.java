package org.jvs.heartbeat.config;

import java.nio.file.Path;
import org.jvs.heartbeat.auth.AuthKeys;

/**
 * Everything a heartbeat node is configured with: ha.cf, authkeys and haresources from one
 * directory (/etc/ha.d by default), validated together. The daemon's one configuration object;
 * a reload builds a new one. Immutable and thread-safe.
 *
 * @param directory the configuration directory (also holds resource.d)
 * @param haCf      ha.cf
 * @param authKeys  authkeys
 * @param resources haresources
 */
public record HeartbeatConfig(Path directory, HaConfig haCf, AuthKeys authKeys, HaResources resources) {

    /** The directory of heartbeat-style resource scripts ({@code resource.d}). */
    public Path resourceDirectory() {
        return directory.resolve("resource.d");
    }
}
