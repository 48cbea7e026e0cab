package org.jvs.ipvs.service;

/** Tunnel encapsulation of an LVS-TUN real server ({@code --tun-type}), with the kernel numbers. */
public enum TunnelType {
    IPIP(0, "ipip"),
    GUE(1, "gue"),
    GRE(2, "gre");

    private final int kernelValue;
    private final String label;

    TunnelType(int kernelValue, String label) {
        this.kernelValue = kernelValue;
        this.label = label;
    }

    public int kernelValue() {
        return kernelValue;
    }

    public String label() {
        return label;
    }

    /** The type named as ipvsadm accepts it, or null. */
    public static TunnelType ofLabel(String s) {
        for (TunnelType t : values()) {
            if (t.label.equals(s)) {
                return t;
            }
        }
        return null;
    }
}
