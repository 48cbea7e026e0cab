package org.jvs.ipvs.service;

/** A virtual-service protocol with its IP protocol number and the name ipvsadm prints. */
public enum Protocol {
    /** Firewall-mark persistence templates use protocol 0 ("IP"). */
    IP(0, "IP"),
    TCP(6, "TCP"),
    UDP(17, "UDP"),
    SCTP(132, "SCTP");

    private final int number;
    private final String label;

    Protocol(int number, String label) {
        this.number = number;
        this.label = label;
    }

    /** The IP protocol number (6, 17, 132). */
    public int number() {
        return number;
    }

    /** The label of listings: TCP, UDP, SCTP. */
    public String label() {
        return label;
    }

    /** The protocol with this IP protocol number, or null. */
    public static Protocol ofNumber(int number) {
        return switch (number) {
            case 0 -> IP;
            case 6 -> TCP;
            case 17 -> UDP;
            case 132 -> SCTP;
            default -> null;
        };
    }
}
