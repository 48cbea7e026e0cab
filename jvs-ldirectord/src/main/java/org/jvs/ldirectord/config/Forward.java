package org.jvs.ldirectord.config;

import org.jvs.ipvs.service.ForwardingMethod;

/** The forwarding method words of ldirectord.cf and the IPVS method each one selects. */
public enum Forward {
    /** {@code gate}: LVS-DR, ipvsadm {@code -g} ("Route"). */
    GATE("gate", ForwardingMethod.ROUTE),
    /** {@code masq}: LVS-NAT, ipvsadm {@code -m} ("Masq"). */
    MASQ("masq", ForwardingMethod.MASQ),
    /** {@code ipip}: LVS-TUN, ipvsadm {@code -i} ("Tunnel"). */
    IPIP("ipip", ForwardingMethod.TUNNEL);

    private final String word;
    private final ForwardingMethod method;

    Forward(String word, ForwardingMethod method) {
        this.word = word;
        this.method = method;
    }

    /** The word written in the configuration file. */
    public String word() {
        return word;
    }

    /** The IPVS forwarding method. */
    public ForwardingMethod method() {
        return method;
    }

    /** The word's method, or null when the word is not gate, masq or ipip. */
    public static Forward ofWord(String word) {
        for (Forward f : values()) {
            if (f.word.equals(word)) {
                return f;
            }
        }
        return null;
    }

    /** The configuration word for a method found in the table; a local real server counts as gate. */
    public static Forward ofMethod(ForwardingMethod method) {
        return switch (method) {
            case MASQ -> MASQ;
            case TUNNEL -> IPIP;
            case ROUTE, LOCAL -> GATE;
        };
    }
}
