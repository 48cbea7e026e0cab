package org.jvs.drbd.config;

import java.util.Optional;

/**
 * One volume of a resource on one host: its device name and minor, the backing disk and where the
 * metadata lives. Immutable.
 *
 * @param number    the volume number (0 for the single-volume short form)
 * @param implicit  written without a {@code volume N { }} block (the short form)
 * @param device    the device path as written ({@code /dev/drbd1}), empty for {@code device minor N}
 * @param minor     the device minor
 * @param disk      the backing block device or file
 * @param metaDisk  "internal" or the external metadata device
 * @param metaIndex "internal", "flexible" (external, whole device) or the index of an indexed slot
 * @param diskOptions per-volume {@code disk { }} options
 */
public record VolumeConfig(int number, boolean implicit, Optional<String> device, int minor, String disk,
                           String metaDisk, String metaIndex, Options diskOptions) {

    /** Whether the metadata sits at the end of the backing disk. */
    public boolean internalMetadata() {
        return metaIndex.equals("internal");
    }

    /** The device name drbd would create: the path as written, else /dev/drbdMINOR. */
    public String devicePath() {
        return device.orElse("/dev/drbd" + minor);
    }
}
