package org.jvs.drbd.replication;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.jvs.drbd.io.BatchingWriter;
import org.jvs.drbd.io.InputBuffer;

/**
 * Framing of packets on one TCP socket: a 16-byte header (magic 0x8620ec20 as DRBD's
 * p_header100, volume, type, payload length, pad) then the payload. Senders from many threads are
 * batched into gathering writes and never interleave ({@link BatchingWriter}); a packet may also
 * be queued ({@link #post}) to go out with the next write or {@link #flush()}, as DRBD corks its
 * acknowledgements. Receiving is for one reader thread, buffered, and a received payload is valid
 * only until the next {@link #receive()}. A bad magic or an oversized payload is a
 * {@link ProtocolException}.
 */
public final class PacketChannel implements AutoCloseable {
    /** DRBD_MAGIC_100. */
    public static final int MAGIC = 0x8620ec20;
    /** Largest payload accepted (a 1 MiB data block plus headers). */
    public static final int MAX_PAYLOAD = (1 << 20) + 4096;
    private static final int HEADER = 16;
    /** Payloads up to this size are read through the input buffer; larger ones straight into {@link #large}. */
    private static final int SMALL = 64 * 1024;

    private final SocketChannel socket;
    private final BatchingWriter out;
    private final InputBuffer in;
    private ByteBuffer large;
    private volatile long bytesReceived;

    /** Frames packets on {@code socket} (blocking mode). */
    public PacketChannel(SocketChannel socket) {
        this.socket = socket;
        this.out = new BatchingWriter(socket);
        this.in = new InputBuffer(socket, 4 * SMALL);
    }

    /** The socket. */
    public SocketChannel socket() {
        return socket;
    }

    /** Sends one packet with the payload made of {@code parts}; returns once it is in the socket. */
    public void send(Command command, int volume, ByteBuffer... parts) throws IOException {
        out.await(out.enqueue(frame(command, volume, parts)));
    }

    /**
     * Queues one packet behind those already queued, without waiting; it goes out with the next
     * {@link #send}, {@link #flush()} or {@link BatchingWriter#await} of anyone. The parts must not
     * change until then.
     */
    public BatchingWriter.Ticket post(Command command, int volume, ByteBuffer... parts) {
        return out.enqueue(frame(command, volume, parts));
    }

    /** Writes every queued packet (unless another thread is writing them already). */
    public void flush() throws IOException {
        out.drain();
    }

    /** Waits until a posted packet is in the socket. */
    public void await(BatchingWriter.Ticket t) throws IOException {
        out.await(t);
    }

    private static ByteBuffer[] frame(Command command, int volume, ByteBuffer[] parts) {
        int length = 0;
        for (ByteBuffer p : parts) {
            length += p.remaining();
        }
        ByteBuffer[] all = new ByteBuffer[parts.length + 1];
        all[0] = ByteBuffer.allocate(HEADER).putInt(MAGIC).putShort((short) volume)
                .putShort((short) command.code()).putInt(length).putInt(0).flip();
        System.arraycopy(parts, 0, all, 1, parts.length);
        return all;
    }

    /** Whether a whole packet is already buffered, so {@link #receive()} will not block. */
    public boolean packetBuffered() {
        int n = in.buffered();
        return n >= HEADER && n - HEADER >= in.peekInt(8);
    }

    /** Receives the next packet, blocking; its payload is valid until the next call. */
    public Packet receive() throws IOException {
        ByteBuffer h = in.take(HEADER);
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
        ByteBuffer body;
        if (length <= SMALL) {
            body = in.take(length);
        } else {
            if (large == null) {
                large = ByteBuffer.allocateDirect(MAX_PAYLOAD);
            }
            body = large.clear().limit(length);
            in.readFully(body);
            body.flip();
        }
        bytesReceived += HEADER + (long) length;
        return new Packet(c, volume, body);
    }

    /** Bytes sent so far, headers included. */
    public long bytesSent() {
        return out.bytesWritten();
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
