package org.jvs.ldirectord.config;

import org.jvs.ipvs.service.Protocol;

/** The protocol of a virtual service: tcp or udp for address:port services, fwm for a mark. */
public enum VirtualProtocol {
    TCP("tcp", "-t", Protocol.TCP),
    UDP("udp", "-u", Protocol.UDP),
    FWM("fwm", "-f", Protocol.TCP);

    private final String word;
    private final String ipvsadmSwitch;
    private final Protocol protocol;

    VirtualProtocol(String word, String ipvsadmSwitch, Protocol protocol) {
        this.word = word;
        this.ipvsadmSwitch = ipvsadmSwitch;
        this.protocol = protocol;
    }

    /** The configuration word, also used in virtual and real-server ids. */
    public String word() {
        return word;
    }

    /** The ipvsadm switch selecting a service of this kind: -t, -u or -f. */
    public String ipvsadmSwitch() {
        return ipvsadmSwitch;
    }

    /** The IPVS protocol of the service key (TCP for marks, as ipvsadm sends them). */
    public Protocol protocol() {
        return protocol;
    }
}
