package org.jvs.director.dataplane;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jvs.netio.NetInterface;
import org.jvs.netio.PacketSocket;
import org.jvs.netio.ReceiveRing;

/**
 * An interface the data plane reads and writes: its {@link Link} facts, its packet socket (with
 * virtio-net headers, ignoring our own outgoing frames) and the socket's receive ring. Owned by the
 * data-plane thread.
 */
final class Port implements AutoCloseable {
    final Link link;
    final PacketSocket socket;
    final ReceiveRing ring;

    private Port(Link link, PacketSocket socket, ReceiveRing ring) {
        this.link = link;
        this.socket = socket;
        this.ring = ring;
    }

    /**
     * Opens the interface called {@code name} in the calling thread's network namespace, with a
     * receive ring of {@code ringSlots} frames of up to {@code frameBytes}, each with
     * {@code headroom} free bytes before its virtio header.
     */
    static Port open(String name, int slot, int frameBytes, int headroom, int ringSlots) throws IOException {
        PacketSocket socket = PacketSocket.open(name);
        ReceiveRing ring = null;
        try {
            socket.setVirtioNetHeader(true);
            socket.setIgnoreOutgoing(true);
            ring = ReceiveRing.attach(socket, frameBytes, headroom, ringSlots);
            List<int[]> v4 = primaryIpv4(name);
            List<long[]> v6 = ipv6(name);
            Link link = new Link(name, slot, NetInterface.macAddress(name), NetInterface.mtu(name),
                    v4.stream().mapToInt(a -> a[0]).toArray(), v4.stream().mapToInt(a -> a[1]).toArray(),
                    v6.stream().mapToLong(a -> a[0]).toArray(), v6.stream().mapToLong(a -> a[1]).toArray(),
                    v6.stream().mapToInt(a -> (int) a[2]).toArray());
            return new Port(link, socket, ring);
        } catch (IOException | RuntimeException e) {
            if (ring != null) {
                ring.close();
            }
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
        for (String line : addresses(name, "-4")) {
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

    /**
     * The interface's usable IPv6 addresses (global and link-local scope; tentative, deprecated and
     * failed ones left out) as {high, low, prefix length}.
     */
    private static List<long[]> ipv6(String name) throws IOException {
        List<long[]> out = new ArrayList<>();
        for (String line : addresses(name, "-6")) {
            String[] f = line.trim().split("\\s+");
            int inet6 = Arrays.asList(f).indexOf("inet6");
            if (inet6 < 0 || inet6 + 1 >= f.length || line.contains(" tentative") || line.contains(" dadfailed")
                    || line.contains(" deprecated") || !(line.contains(" scope global") || line.contains(" scope link"))) {
                continue;
            }
            String[] cidr = f[inet6 + 1].split("/");
            byte[] b = InetAddress.getByName(cidr[0]).getAddress();
            long high = 0;
            long low = 0;
            for (int i = 0; i < 8; i++) {
                high = (high << 8) | (b[i] & 0xFF);
                low = (low << 8) | (b[i + 8] & 0xFF);
            }
            out.add(new long[] {high, low, cidr.length > 1 ? Integer.parseInt(cidr[1]) : 128});
        }
        return out;
    }

    /** The lines of {@code ip -o FAMILY addr show dev NAME}. */
    private static String[] addresses(String name, String family) throws IOException {
        Process p = new ProcessBuilder("ip", "-o", family, "addr", "show", "dev", name).redirectErrorStream(true).start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split("\n");
    }

    @Override
    public void close() throws IOException {
        try {
            ring.close();
        } finally {
            socket.close();
        }
    }

    @Override
    public String toString() {
        return link.name;
    }
}
