package org.jvs.drbd.replication;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Framing of packets on one TCP socket: a 16-byte header (magic 0x8620ec20 as DRBD's
 * p_header100, volume, type, payload length, pad) then the payload. Sending is serialised so
 * concurrent senders never interleave; receiving is for one reader thread. A bad magic or an
 * oversized payload is a {@link ProtocolException}.
 */
public final class PacketChannel implements AutoCloseable {
    /** DRBD_MAGIC_100. */
    public static final int MAGIC = 0x8620ec20;
    /** Largest payload accepted (a 1 MiB data block plus headers). */
    public static final int MAX_PAYLOAD = (1 << 20) + 4096;
    private static final int HEADER = 16;

    private final SocketChannel socket;
    private final Object sendLock = new Object();
    private volatile long bytesSent;
    private volatile long bytesReceived;

    /** Frames packets on {@code socket} (blocking mode). */
    public PacketChannel(SocketChannel socket) {
        this.socket = socket;
    }

    /** The socket. */
    public SocketChannel socket() {
        return socket;
    }

    /** Sends one packet with the payload made of {@code parts}. */
    public void send(Command command, int volume, ByteBuffer... parts) throws IOException {
        int length = 0;
        for (ByteBuffer p : parts) {
            length += p.remaining();
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putShort((short) volume)
                .putShort((short) command.code()).putInt(length).putInt(0).flip();
        ByteBuffer[] all = new ByteBuffer[parts.length + 1];
        all[0] = header;
        System.arraycopy(parts, 0, all, 1, parts.length);
        long total = HEADER + (long) length;
        synchronized (sendLock) {
            long left = total;
            while (left > 0) {
                left -= socket.write(all);
            }
            bytesSent += total;
        }
    }

    /** Receives the next packet, blocking. */
    public Packet receive() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER);
        readFully(h);
        h.flip();
        if (h.getInt() != MAGIC) {
            throw new ProtocolException("bad packet magic");
        }
        int volume = h.getShort() & 0xffff;
        int code = h.getShort() & 0xffff;
        int length = h.getInt();
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new ProtocolException("packet of " + Integer.toUnsignedString(length) + " bytes");
        }
        Command c = Command.of(code);
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(body);
        bytesReceived += HEADER + (long) length;
        return new Packet(c, volume, body.flip());
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (socket.read(b) < 0) {
                throw new EOFException("peer closed the connection");
            }
        }
    }

    /** Bytes sent so far, headers included. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Bytes received so far, headers included. */
    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a broken socket: nothing left to release
        }
    }
}
