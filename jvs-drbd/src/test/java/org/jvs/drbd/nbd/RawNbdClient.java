package org.jvs.drbd.nbd;

import static org.jvs.drbd.nbd.NbdProtocol.*;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** A deliberately simple NBD client for protocol tests: it sends exactly what the test says. */
public final class RawNbdClient implements AutoCloseable {
    final SocketChannel ch;
    long size;
    int flags;

    /** A client of the server on Unix socket {@code path}. */
    public RawNbdClient(java.nio.file.Path path) throws IOException {
        ch = SocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        ch.connect(java.net.UnixDomainSocketAddress.of(path));
    }

    /** A client of the server at {@code server}. */
    public RawNbdClient(InetSocketAddress server) throws IOException {
        ch = SocketChannel.open(server);
    }

    /** Reads the greeting and sends the client flags. */
    public RawNbdClient greet() throws IOException {
        ByteBuffer g = read(18);
        if (g.getLong() != NBDMAGIC || g.getLong() != IHAVEOPT) {
            throw new IOException("bad greeting");
        }
        send(ByteBuffer.allocate(4).putInt(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES).flip());
        return this;
    }

    void option(int option, ByteBuffer data) throws IOException {
        send(ByteBuffer.allocate(16).putLong(IHAVEOPT).putInt(option).putInt(data.remaining()).flip(), data);
    }

    /** One option reply: {type, data}. */
    record OptionReply(int option, int type, ByteBuffer data) {
    }

    OptionReply optionReply() throws IOException {
        ByteBuffer h = read(20);
        if (h.getLong() != OPT_REPLY_MAGIC) {
            throw new IOException("bad option reply magic");
        }
        int option = h.getInt();
        int type = h.getInt();
        return new OptionReply(option, type, read(h.getInt()));
    }

    /** OPT_GO for {@code name}; reads replies to the ACK. */
    public RawNbdClient go(String name) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        option(OPT_GO, ByteBuffer.allocate(6 + n.length).putInt(n.length).put(n).putShort((short) 0).flip());
        while (true) {
            OptionReply r = optionReply();
            if (r.type() == REP_ACK) {
                return this;
            }
            if (r.type() == REP_INFO && r.data().getShort(0) == INFO_EXPORT) {
                size = r.data().getLong(2);
                flags = r.data().getShort(10) & 0xffff;
            } else if (r.type() < 0) {
                throw new IOException("GO refused: " + Integer.toHexString(r.type()) + " "
                        + StandardCharsets.UTF_8.decode(r.data()));
            }
        }
    }

    public void request(int flags, int type, long cookie, long offset, long length, ByteBuffer payload) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(28).putInt(REQUEST_MAGIC).putShort((short) flags).putShort((short) type)
                .putLong(cookie).putLong(offset).putInt((int) length).flip();
        send(h, payload == null ? ByteBuffer.allocate(0) : payload);
    }

    /** A simple reply header: {error, cookie}. */
    public long[] simpleReply() throws IOException {
        ByteBuffer h = read(16);
        if (h.getInt() != SIMPLE_REPLY_MAGIC) {
            throw new IOException("not a simple reply");
        }
        return new long[] {h.getInt(), h.getLong()};
    }

    void send(ByteBuffer... bufs) throws IOException {
        long total = 0;
        for (ByteBuffer b : bufs) {
            total += b.remaining();
        }
        while (total > 0) {
            total -= ch.write(bufs);
        }
    }

    public ByteBuffer read(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("server closed");
            }
        }
        return b.flip();
    }

    /** Whether the server closed the connection (reads EOF). */
    boolean closedByServer() throws IOException {
        try {
            return ch.read(ByteBuffer.allocate(1)) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
