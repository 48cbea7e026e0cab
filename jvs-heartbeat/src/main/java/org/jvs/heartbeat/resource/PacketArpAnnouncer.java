package org.jvs.heartbeat.resource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jvs.netio.NetInterface;
import org.jvs.netio.PacketSocket;
import org.jvs.packet.ArpPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GratuitousArp} sent from Java through an AF_PACKET socket on the interface, frame for frame
 * what heartbeat's send_arp sends: for each pair a broadcast ARP request (target MAC zero) and, half
 * an interval later, a broadcast ARP reply (target MAC our own), both with sender and target address
 * the VIP. The socket is opened in the caller's thread, hence in the caller's network namespace, and
 * the frames are sent from a virtual thread; a new announcement of the same address replaces the
 * old one. Needs CAP_NET_RAW. Thread-safe.
 */
public final class PacketArpAnnouncer implements GratuitousArp {
    private static final Logger LOG = LoggerFactory.getLogger(PacketArpAnnouncer.class);
    /** The socket only sends; a small receive queue keeps what it sees meanwhile from piling up. */
    private static final int RECEIVE_BUFFER_BYTES = 4096;
    private final Map<Inet4Address, Thread> running = new ConcurrentHashMap<>();

    @Override
    public void announce(String device, Inet4Address address, int count, long intervalMs) {
        long mac;
        PacketSocket socket;
        try {
            mac = NetInterface.macAddress(device);
            socket = PacketSocket.open(device);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Could not send gratuitous ARP for {} on {}: {}", address.getHostAddress(), device, e.getMessage());
            return;
        }
        Thread t = Thread.ofVirtual().name("garp-" + address.getHostAddress()).unstarted(() -> {
            try (socket) {
                send(socket, mac, toInt(address), count, intervalMs);
            } catch (IOException e) {
                LOG.warn("Could not send gratuitous ARP for {} on {}: {}", address.getHostAddress(), device,
                        e.getMessage());
            } finally {
                running.remove(address, Thread.currentThread());
            }
        });
        Thread previous = running.put(address, t);
        if (previous != null) {
            previous.interrupt();
        }
        t.start();
    }

    @Override
    public void cancel(Inet4Address address) {
        Thread t = running.remove(address);
        if (t != null) {
            t.interrupt();
        }
    }

    private static void send(PacketSocket socket, long mac, int ip, int count, long intervalMs) throws IOException {
        socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(ArpPacket.FRAME_LENGTH);
            for (int i = 0; i < count; i++) {
                // "Some systems ignore one or the other" (send_arp): a request and a reply each time.
                socket.send(frame, 0, ArpPacket.writeGratuitous(frame, 0, mac, ip, false));
                if (!sleep(intervalMs / 2)) {
                    return;
                }
                socket.send(frame, 0, ArpPacket.writeGratuitous(frame, 0, mac, ip, true));
                if (!sleep(intervalMs - intervalMs / 2)) {
                    return;
                }
            }
        }
    }

    private static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** Sleeps; false when the announcement was cancelled meanwhile. */
    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
