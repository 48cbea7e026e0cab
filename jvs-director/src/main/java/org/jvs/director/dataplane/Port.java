package org.jvs.director.dataplane;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import org.jvs.netio.NetInterface;
import org.jvs.netio.PacketSocket;

/**
 * One interface of the director that the data plane reads and writes: its packet socket (with
 * virtio-net headers, ignoring our own outgoing frames), MAC, MTU and primary IPv4 address (the
 * source of ARP requests, ICMP errors and tunnel headers). Owned by the data-plane thread.
 */
final class Port implements AutoCloseable {
    final String name;
    final int index;
    final long mac;
    final int mtu;
    /** Primary IPv4 address in host order, 0 when the interface has none. */
    final int ipv4;
    final PacketSocket socket;

    private Port(String name, int index, long mac, int mtu, int ipv4, PacketSocket socket) {
        this.name = name;
        this.index = index;
        this.mac = mac;
        this.mtu = mtu;
        this.ipv4 = ipv4;
        this.socket = socket;
    }

    /** Opens the interface called {@code name} in the calling thread's network namespace. */
    static Port open(String name) throws IOException {
        PacketSocket socket = PacketSocket.open(name);
        try {
            socket.setVirtioNetHeader(true);
            socket.setIgnoreOutgoing(true);
            socket.setReceiveBufferSize(8 << 20);
            return new Port(name, NetInterface.index(name), NetInterface.macAddress(name), NetInterface.mtu(name),
                    primaryIpv4(name), socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static int primaryIpv4(String name) throws IOException {
        NetworkInterface nif = NetworkInterface.getByName(name);
        if (nif == null) {
            return 0;
        }
        for (InterfaceAddress a : nif.getInterfaceAddresses()) {
            if (a.getAddress() instanceof Inet4Address v4) {
                byte[] b = v4.getAddress();
                return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
