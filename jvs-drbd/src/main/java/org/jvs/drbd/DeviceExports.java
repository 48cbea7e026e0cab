package org.jvs.drbd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jvs.common.RunDirectory;
import org.jvs.drbd.config.DrbdConfig;
import org.jvs.drbd.config.ResourceConfig;
import org.jvs.drbd.config.VolumeConfig;
import org.jvs.drbd.daemon.NodeDaemon;

/**
 * Where a DRBD device name of the configuration ({@code /dev/drbd1}) is served in user space: the
 * NBD export of that volume on this node's Unix socket. What {@code drbdadm sh-dev} prints, and
 * what heartbeat's Filesystem agent needs to attach {@code Filesystem::/dev/drbd1::...} (with
 * nbd-client or nbdfuse and a loop device). Stateless; thread-safe.
 */
public final class DeviceExports {
    /**
     * One volume's export.
     *
     * @param resource the resource name
     * @param volume   the volume number
     * @param device   the device name in the configuration
     * @param name     the NBD export name
     * @param socket   the Unix socket the daemon serves it on
     */
    public record Export(String resource, int volume, String device, String name, Path socket) {
        /** The NBD URI (nbd+unix:///NAME?socket=PATH) for nbdinfo, nbdcopy, nbdfuse, qemu. */
        public String uri() {
            return "nbd+unix:///" + name + "?socket=" + socket;
        }
    }

    private DeviceExports() {
    }

    /** The exports of every volume of {@code r} on {@code hostname}. */
    public static List<Export> of(ResourceConfig r, String hostname, RunDirectory run) {
        List<Export> out = new ArrayList<>();
        r.host(hostname).ifPresent(h -> {
            for (VolumeConfig v : h.volumes()) {
                out.add(new Export(r.name(), v.number(), v.devicePath(), NodeDaemon.exportName(r.name(), v.number()),
                        NodeDaemon.nbdSocket(run, r.name())));
            }
        });
        return out;
    }

    /** The export behind device {@code device} (path or /dev/drbdMINOR) on {@code hostname}. */
    public static Optional<Export> find(DrbdConfig config, String hostname, RunDirectory run, String device) {
        for (ResourceConfig r : config.resourcesOn(hostname)) {
            for (Export e : of(r, hostname, run)) {
                if (e.device().equals(device)) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }
}
