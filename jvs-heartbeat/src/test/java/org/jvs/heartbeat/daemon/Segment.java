package org.jvs.heartbeat.daemon;

import java.io.IOException;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;

/**
 * One Ethernet segment in a lab: a bridge in its own namespace with each host's eth0 attached, and
 * addresses given a broadcast address (heartbeat's bcast needs one). Not thread-safe.
 */
final class Segment {
    private final NetLab lab;
    private final Host bridge;
    private int ports;

    Segment(NetLab lab) throws IOException {
        this.lab = lab;
        this.bridge = lab.host("sw");
        bridge.run("ip", "link", "add", "br0", "type", "bridge");
        bridge.run("ip", "link", "set", "br0", "up");
    }

    /** A new host on the segment with {@code cidr} on its eth0. */
    Host attach(String name, String cidr) throws IOException {
        Host h = lab.host(name);
        String port = "p" + ports++;
        lab.link(bridge, port, null, h, "eth0", null);
        bridge.run("ip", "link", "set", port, "master", "br0");
        h.run("ip", "addr", "add", cidr, "brd", "+", "dev", "eth0");
        return h;
    }
}
