package org.jvs.ipvs.service;

/**
 * How a real server is reached: the IPVS packet-forwarding methods, with the kernel's
 * IP_VS_CONN_F_* values and the words ipvsadm prints and saves.
 */
public enum ForwardingMethod {
    /** LVS-NAT, {@code -m}. */
    MASQ(0x0000, "Masq", "-m"),
    /** A real server on the director itself (old kernels); saved as {@code -g}. */
    LOCAL(0x0001, "Local", "-g"),
    /** LVS-TUN, {@code -i}. */
    TUNNEL(0x0002, "Tunnel", "-i"),
    /** LVS-DR, {@code -g}, the default. */
    ROUTE(0x0003, "Route", "-g");

    private final int connFlag;
    private final String label;
    private final String saveSwitch;

    ForwardingMethod(int connFlag, String label, String saveSwitch) {
        this.connFlag = connFlag;
        this.label = label;
        this.saveSwitch = saveSwitch;
    }

    /** The IP_VS_CONN_F_FWD_MASK value. */
    public int connFlag() {
        return connFlag;
    }

    /** Column text in {@code -L} listings: Masq, Local, Tunnel, Route. */
    public String label() {
        return label;
    }

    /** The switch written by {@code -S}. */
    public String saveSwitch() {
        return saveSwitch;
    }

    /** Replies pass through the director only with NAT. */
    public boolean seesReplies() {
        return this == MASQ;
    }

    public static ForwardingMethod ofConnFlag(int flag) {
        for (ForwardingMethod m : values()) {
            if (m.connFlag == (flag & 0x7)) {
                return m;
            }
        }
        return null;
    }
}
