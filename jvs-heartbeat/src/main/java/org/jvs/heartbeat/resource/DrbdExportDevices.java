package org.jvs.heartbeat.resource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jvs.common.RunDirectory;
import org.jvs.drbd.DeviceAttachment;
import org.jvs.drbd.DeviceExports;
import org.jvs.drbd.config.ConfigException;

/**
 * {@link ExportedDevices} from jvs's DRBD: the device name is looked up in drbdadm's configuration
 * for this node ({@link DeviceAttachment#lookup}) and its NBD export attached to a block device.
 * Thread-safe as far as heartbeat needs (one resource job at a time).
 */
public final class DrbdExportDevices implements ExportedDevices {
    private final DeviceAttachment attachment;

    /** Devices of the DRBD daemons using run directory {@code run}. */
    public DrbdExportDevices(RunDirectory run) {
        this.attachment = new DeviceAttachment(run);
    }

    @Override
    public Optional<Path> attach(String device) throws IOException {
        Optional<DeviceExports.Export> e = export(device);
        return e.isEmpty() ? Optional.empty() : Optional.of(attachment.attach(e.get()));
    }

    @Override
    public void detach(String device) throws IOException {
        Optional<DeviceExports.Export> e;
        try {
            e = attachment.lookup(device);
        } catch (ConfigException unreadable) {
            // attach needs the configuration: without one, nothing was attached through it, and a
            // stop must not fail for that (a failed stop means a reboot).
            return;
        }
        if (e.isPresent()) {
            attachment.detach(e.get());
        }
    }

    private Optional<DeviceExports.Export> export(String device) throws IOException {
        try {
            return attachment.lookup(device);
        } catch (ConfigException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
