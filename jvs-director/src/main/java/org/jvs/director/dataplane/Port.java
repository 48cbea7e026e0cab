package org.jvs.director.dataplane;

import java.io.IOException;
import org.jvs.netio.NetInterface;
import org.jvs.netio.PacketSocket;

/**
 * One interface of the director that the data plane reads and writes: its packet socket (with
 * virtio-net headers, ignoring our own outgoing frames), MAC, MTU and IPv4 addresses (sources of
 * ARP requests, ICMP errors and tunnel headers). Owned by the data-plane thread.
 */
final class Port implements AutoCloseable {
    final String name;
    final int index;
    final long mac;
    final int mtu;
    /** A non-VIP IPv4 address of the interface in host order (0 when none): the director's own (DIP). */
    private final int ipv4;
    /** Every IPv4 address of the interface (host order) with its prefix length. */
    private final int[] addresses;
    private final int[] prefixes;
    final PacketSocket socket;

    private Port(String name, int index, long mac, int mtu, int[] addresses, int[] prefixes, PacketSocket socket) {
        this.name = name;
        this.index = index;
        this.mac = mac;
        this.mtu = mtu;
        this.addresses = addresses;
        this.prefixes = prefixes;
        this.ipv4 = addresses.length == 0 ? 0 : addresses[0];
        this.socket = socket;
    }

    /**
     * The address to speak from toward {@code target} (arp_announce=2 style): one on the target's
     * subnet, never one the {@code isVip} test names — a real server holding a VIP on lo ignores
     * ARP from a sender address it owns itself.
     */
    int sourceFor(int target, java.util.function.IntPredicate isVip) {
        int fallback = 0;
        for (int i = 0; i < addresses.length; i++) {
            if (isVip.test(addresses[i])) {
                continue;
            }
            int mask = prefixes[i] == 0 ? 0 : -1 << (32 - prefixes[i]);
            if ((addresses[i] & mask) == (target & mask)) {
                return addresses[i];
            }
            if (fallback == 0) {
                fallback = addresses[i];
            }
        }
        return fallback != 0 ? fallback : ipv4;
    }

    /** Opens the interface called {@code name} in the calling thread's network namespace. */
    static Port open(String name) throws IOException {
        PacketSocket socket = PacketSocket.open(name);
        try {
            socket.setVirtioNetHeader(true);
            socket.setIgnoreOutgoing(true);
            socket.setReceiveBufferSize(8 << 20);
            java.util.List<int[]> v4 = ipv4Addresses(name);
            return new Port(name, NetInterface.index(name), NetInterface.macAddress(name), NetInterface.mtu(name),
                    v4.stream().mapToInt(a -> a[0]).toArray(), v4.stream().mapToInt(a -> a[1]).toArray(), socket);
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
    private static java.util.List<int[]> ipv4Addresses(String name) throws IOException {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        Process p = new ProcessBuilder("ip", "-o", "-4", "addr", "show", "dev", name).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            int inet = java.util.Arrays.asList(f).indexOf("inet");
            if (inet < 0 || inet + 1 >= f.length || line.contains(" secondary ")) {
                continue;
            }
            String[] cidr = f[inet + 1].split("/");
            byte[] b = java.net.InetAddress.getByName(cidr[0]).getAddress();
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
        return name;
    }
}
