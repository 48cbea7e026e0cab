package org.jvs.drbd.config;

import java.util.Optional;

/**
 * A volume while its statements are being read: fields stay null until written, so a volume given
 * at resource level can fill in what a host's volume left out. Not thread-safe.
 */
final class VolumeDraft {
    final int number;
    final boolean implicit;
    String device;
    Integer minor;
    String disk;
    String metaDisk;
    String metaIndex;
    Options diskOptions = Options.EMPTY;

    VolumeDraft(int number, boolean implicit) {
        this.number = number;
        this.implicit = implicit;
    }

    /** A copy of this volume for one host. */
    VolumeDraft copy() {
        VolumeDraft v = new VolumeDraft(number, implicit);
        v.fillFrom(this);
        return v;
    }

    /** Takes every field this volume lacks from {@code other}. */
    void fillFrom(VolumeDraft other) {
        if (device == null && minor == null) {
            device = other.device;
            minor = other.minor;
        }
        if (disk == null) {
            disk = other.disk;
        }
        if (metaDisk == null) {
            metaDisk = other.metaDisk;
            metaIndex = other.metaIndex;
        }
        diskOptions = diskOptions.over(other.diskOptions);
    }

    /** The finished volume, or the name of the first missing keyword. */
    VolumeConfig build(String where, String file, int line) throws ConfigException {
        String missing = minor == null ? "device" : disk == null ? "disk" : metaDisk == null ? "meta-disk" : null;
        if (missing != null) {
            throw new ConfigException(file, line, where + ": '" + missing + "' keyword missing.");
        }
        return new VolumeConfig(number, implicit, Optional.ofNullable(device), minor, disk, metaDisk, metaIndex,
                diskOptions);
    }
}
