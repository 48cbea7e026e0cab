package org.jvs.director.dataplane;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jvs.netio.NetInterface;
import org.jvs.netio.PacketSocket;

/**
 * An interface the data plane reads and writes: its {@link Link} facts and its packet socket (with
 * virtio-net headers, ignoring our own outgoing frames). Owned by the data-plane thread.
 */
final class Port implements AutoCloseable {
    final Link link;
    final PacketSocket socket;

    private Port(Link link, PacketSocket socket) {
        this.link = link;
        this.socket = socket;
    }

    /** Opens the interface called {@code name} in the calling thread's network namespace. */
    static Port open(String name, int slot) throws IOException {
        PacketSocket socket = PacketSocket.open(name);
        try {
            socket.setVirtioNetHeader(true);
            socket.setIgnoreOutgoing(true);
            socket.setReceiveBufferSize(8 << 20);
            List<int[]> v4 = primaryIpv4(name);
            Link link = new Link(name, slot, NetInterface.macAddress(name), NetInterface.mtu(name),
                    v4.stream().mapToInt(a -> a[0]).toArray(), v4.stream().mapToInt(a -> a[1]).toArray());
            return new Port(link, socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * The interface's primary IPv4 addresses as {address, prefix length} pairs, in the kernel's
     * order. Secondary addresses (a VIP added to a subnet the interface already has) are left out:
     * the kernel never speaks from them either.
     */
    private static List<int[]> primaryIpv4(String name) throws IOException {
        List<int[]> out = new ArrayList<>();
        Process p = new ProcessBuilder("ip", "-o", "-4", "addr", "show", "dev", name).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            int inet = Arrays.asList(f).indexOf("inet");
            if (inet < 0 || inet + 1 >= f.length || line.contains(" secondary ")) {
                continue;
            }
            String[] cidr = f[inet + 1].split("/");
            byte[] b = InetAddress.getByName(cidr[0]).getAddress();
            out.add(new int[] {((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF),
                cidr.length > 1 ? Integer.parseInt(cidr[1]) : 32});
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return link.name;
    }
}
