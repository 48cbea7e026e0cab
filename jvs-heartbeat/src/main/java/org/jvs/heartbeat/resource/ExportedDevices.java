package org.jvs.heartbeat.resource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Block devices that no kernel driver provides and that must be attached before a mount: jvs's DRBD
 * volumes, named in haresources as the kernel would name them ({@code /dev/drbd1}). Implementations
 * block and must be thread-safe.
 */
public interface ExportedDevices {
    /**
     * Attaches the volume named {@code device} and returns the block device to mount, or empty when
     * no jvs resource names that device.
     */
    Optional<Path> attach(String device) throws IOException;

    /** Detaches the volume named {@code device}; nothing to do when it is not attached. */
    void detach(String device) throws IOException;
}
