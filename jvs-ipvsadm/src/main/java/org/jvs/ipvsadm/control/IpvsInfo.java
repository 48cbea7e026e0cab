package org.jvs.ipvsadm.control;

/**
 * What {@code ipvs_getinfo} reports: the IPVS version code (0x010201 is 1.2.1) and the number of
 * connection hash buckets, shown as {@code (size=N)}. Immutable.
 */
public record IpvsInfo(int versionCode, int connTableSize) {

    public int major() {
        return (versionCode >>> 16) & 0xFF;
    }

    public int minor() {
        return (versionCode >>> 8) & 0xFF;
    }

    public int patch() {
        return versionCode & 0xFF;
    }
}
