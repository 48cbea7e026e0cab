package org.jvs.director.dataplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.jvs.ipvs.IpAddress;
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
            // The kernel never speaks from a secondary address (a VIP added to a subnet the
            // interface already has), nor from an IPv6 address still tentative or no longer valid.
            List<Cidr> v4 = addresses(name, false, line -> !line.contains(" secondary "));
            List<Cidr> v6 = addresses(name, true, line -> !line.contains(" tentative") && !line.contains(" dadfailed")
                    && !line.contains(" deprecated") && (line.contains(" scope global") || line.contains(" scope link")));
            Link link = new Link(name, slot, NetInterface.macAddress(name), NetInterface.mtu(name),
                    v4.stream().mapToInt(c -> c.address().v4()).toArray(), v4.stream().mapToInt(Cidr::prefix).toArray(),
                    v6.stream().mapToLong(c -> c.address().hi()).toArray(),
                    v6.stream().mapToLong(c -> c.address().lo()).toArray(), v6.stream().mapToInt(Cidr::prefix).toArray());
            return new Port(link, socket, ring);
        } catch (IOException | RuntimeException e) {
            if (ring != null) {
                ring.close();
            }
            socket.close();
            throw e;
        }
    }

    /** An interface address and its prefix length. */
    private record Cidr(IpAddress address, int prefix) {
    }

    /**
     * The addresses {@code ip -o -4|-6 addr show dev NAME} lists, in the kernel's order, whose line
     * {@code keep} accepts.
     */
    private static List<Cidr> addresses(String name, boolean v6, Predicate<String> keep) throws IOException {
        Process p = new ProcessBuilder("ip", "-o", v6 ? "-6" : "-4", "addr", "show", "dev", name)
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        List<Cidr> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            int at = Arrays.asList(f).indexOf(v6 ? "inet6" : "inet");
            if (at < 0 || at + 1 >= f.length || !keep.test(line)) {
                continue;
            }
            String[] cidr = f[at + 1].split("/");
            IpAddress address = IpAddress.parseNumeric(cidr[0]);
            if (address != null) {
                out.add(new Cidr(address, cidr.length > 1 ? Integer.parseInt(cidr[1]) : (v6 ? 128 : 32)));
            }
        }
        return out;
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
