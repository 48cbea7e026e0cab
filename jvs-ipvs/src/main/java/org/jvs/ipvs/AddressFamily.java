package org.jvs.ipvs;

/** The address family of a service or real server, with the Linux AF_* numbers. */
public enum AddressFamily {
    INET(2, 32),
    INET6(10, 128);

    private final int linuxValue;
    private final int bits;

    AddressFamily(int linuxValue, int bits) {
        this.linuxValue = linuxValue;
        this.bits = bits;
    }

    /** AF_INET = 2, AF_INET6 = 10. */
    public int linuxValue() {
        return linuxValue;
    }

    /** Address width in bits: 32 or 128. */
    public int bits() {
        return bits;
    }
}
