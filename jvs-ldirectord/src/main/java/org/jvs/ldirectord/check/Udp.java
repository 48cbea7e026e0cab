package org.jvs.ldirectord.check;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * A connected UDP socket of one check (sip, simpletcp and dns over udp, radius): every receive is
 * bounded by the check's deadline, and datagrams by {@link #MAX_DATAGRAM}. An ICMP port unreachable
 * surfaces as an exception, as on a connected socket in ldirectord. Not thread-safe.
 */
final class Udp implements AutoCloseable {
    /** Largest datagram read; longer ones are truncated. */
    static final int MAX_DATAGRAM = 65535;

    private final DatagramSocket socket;
    private final Deadline deadline;

    private Udp(DatagramSocket socket, Deadline deadline) {
        this.socket = socket;
        this.deadline = deadline;
    }

    static Udp connect(InetAddress address, int port, Deadline deadline) throws IOException {
        DatagramSocket s = new DatagramSocket();
        s.connect(new InetSocketAddress(address, port));
        return new Udp(s, deadline);
    }

    void send(byte[] payload) throws IOException {
        socket.send(new DatagramPacket(payload, payload.length));
    }

    /** The next datagram from the peer. */
    byte[] receive() throws IOException {
        byte[] buf = new byte[MAX_DATAGRAM];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout(deadline.remainingMillis());
        socket.receive(p);
        return Arrays.copyOf(buf, p.getLength());
    }

    InetSocketAddress local() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        socket.close();
    }
}
