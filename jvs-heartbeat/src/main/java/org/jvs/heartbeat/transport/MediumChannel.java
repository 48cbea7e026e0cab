package org.jvs.heartbeat.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.jvs.heartbeat.config.Medium;

/**
 * One heartbeat medium on UDP: a non-blocking receive channel registered with the conductor's
 * selector and a send channel. bcast receives on the interface's broadcast address and sends
 * there; ucast receives on the interface's own address and sends to the peer; mcast joins the group
 * on the interface with the configured ttl and loop. Sends never block: a full socket buffer drops
 * the datagram and counts it (heartbeat's retransmission recovers). Not thread-safe: used by the
 * conductor thread only.
 */
public final class MediumChannel implements AutoCloseable {
    private final Medium medium;
    private final DatagramChannel rx;
    private final DatagramChannel tx;
    private final InetSocketAddress destination;
    private long sendFailures;

    private MediumChannel(Medium medium, DatagramChannel rx, DatagramChannel tx, InetSocketAddress destination) {
        this.medium = medium;
        this.rx = rx;
        this.tx = tx;
        this.destination = destination;
    }

    /** Opens the sockets for {@code medium}; fails when its interface is missing or unusable. */
    public static MediumChannel open(Medium medium) throws IOException {
        InterfaceAddresses.V4 nic = InterfaceAddresses.of(medium.device());
        return switch (medium) {
            case Medium.Broadcast b -> {
                if (nic.broadcast() == null) {
                    throw new IOException("bcast: interface " + b.device()
                            + " has no broadcast address (give its address one: ip addr add ... brd + dev "
                            + b.device() + ")");
                }
                DatagramChannel rx = receiver(new InetSocketAddress(nic.broadcast(), b.port()));
                DatagramChannel tx = DatagramChannel.open(StandardProtocolFamily.INET);
                tx.setOption(StandardSocketOptions.SO_BROADCAST, true);
                tx.bind(new InetSocketAddress(nic.address(), 0));
                tx.configureBlocking(false);
                yield new MediumChannel(medium, rx, tx, new InetSocketAddress(nic.broadcast(), b.port()));
            }
            case Medium.Unicast u -> {
                DatagramChannel rx = receiver(new InetSocketAddress(nic.address(), u.port()));
                yield new MediumChannel(medium, rx, rx, new InetSocketAddress(u.peer(), u.port()));
            }
            case Medium.Multicast m -> {
                InetSocketAddress group = new InetSocketAddress(m.group(), m.port());
                // Bound to the group so that only this group's datagrams arrive on this medium.
                DatagramChannel rx = receiver(group);
                rx.join(group.getAddress(), nic.nic());
                DatagramChannel tx = DatagramChannel.open(StandardProtocolFamily.INET);
                tx.setOption(StandardSocketOptions.IP_MULTICAST_IF, nic.nic());
                tx.setOption(StandardSocketOptions.IP_MULTICAST_TTL, m.ttl());
                tx.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, m.loop());
                tx.bind(new InetSocketAddress(nic.address(), 0));
                tx.configureBlocking(false);
                yield new MediumChannel(medium, rx, tx, group);
            }
        };
    }

    private static DatagramChannel receiver(InetSocketAddress bind) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        // Several media (and a second node in tests) may share port 694 on one host.
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        ch.bind(bind);
        ch.configureBlocking(false);
        return ch;
    }

    /** Registers the receive channel; the key's attachment is this medium. */
    public void register(Selector selector) throws IOException {
        rx.register(selector, SelectionKey.OP_READ, this);
    }

    /** Sends one datagram; returns false (and counts) when it could not be sent now. */
    public boolean send(ByteBuffer datagram) {
        try {
            if (tx.send(datagram, destination) > 0) {
                return true;
            }
        } catch (IOException e) {
            // Unreachable peer, interface down: heartbeat keeps trying every keepalive.
        }
        sendFailures++;
        return false;
    }

    /** Reads one pending datagram into {@code buf} (cleared first); false when none is waiting. */
    public boolean receive(ByteBuffer buf) throws IOException {
        buf.clear();
        if (rx.receive(buf) == null) {
            return false;
        }
        buf.flip();
        return true;
    }

    /** The name links are reported under: the interface, as heartbeat names them. */
    public String name() {
        return medium.device();
    }

    public Medium medium() {
        return medium;
    }

    /** Datagrams that could not be sent. */
    public long sendFailures() {
        return sendFailures;
    }

    @Override
    public void close() throws IOException {
        rx.close();
        if (tx != rx) {
            tx.close();
        }
    }
}
