package org.jvs.ldirectord.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/** A real UDP server on 127.0.0.1 answering each datagram with what the function returns (null: no answer). */
public final class UdpResponder implements AutoCloseable {
    private final DatagramSocket socket;

    public UdpResponder(UnaryOperator<byte[]> answer) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[65535];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    byte[] reply = answer.apply(Arrays.copyOf(p.getData(), p.getLength()));
                    if (reply != null) {
                        socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
    }
}
