package org.jvs.drbd.nbd;

import static org.jvs.drbd.nbd.NbdProtocol.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.jvs.drbd.io.BufferPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transmission phase of one connection: requests are read in order by one thread, checked, and
 * run concurrently (a virtual thread each), replies sent as they finish, matched by cookie. A
 * request the server cannot honour gets an error reply (out of range, too long, unknown command or
 * flag, write to a read-only export); a bad request magic or a failed read after its reply header
 * closes the connection. DISC waits for the requests in flight. Not thread-safe as an object;
 * internally synchronised on the wire.
 */
final class Transmission {
    private static final Logger LOG = LoggerFactory.getLogger(Transmission.class);
    /** Payload bytes a connection may have buffered in flight before the reader waits. */
    private static final int IN_FLIGHT_BYTES = 96 << 20;
    private static final int KNOWN_FLAGS = CMD_FLAG_FUA | CMD_FLAG_NO_HOLE | CMD_FLAG_DF | CMD_FLAG_REQ_ONE
            | CMD_FLAG_FAST_ZERO;

    private final Wire wire;
    private final Handshake.Result session;
    private final BlockDevice device;
    private final Semaphore budget = new Semaphore(IN_FLIGHT_BYTES);
    private final BufferPool buffers;

    Transmission(Wire wire, Handshake.Result session, BufferPool buffers) {
        this.wire = wire;
        this.session = session;
        this.device = session.export().device();
        this.buffers = buffers;
    }

    /** Serves requests until DISC, a protocol violation or the client leaving. */
    void run() throws IOException {
        // Closing the executor waits for the requests in flight, as DISC requires.
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            loop(workers);
        }
    }

    private void loop(ExecutorService workers) throws IOException {
        while (true) {
            ByteBuffer h = wire.header(28);
            if (h.getInt() != REQUEST_MAGIC) {
                LOG.warn("bad request magic; closing the connection");
                return;
            }
            int flags = h.getShort() & 0xffff;
            int type = h.getShort() & 0xffff;
            long cookie = h.getLong();
            long offset = h.getLong();
            long length = Integer.toUnsignedLong(h.getInt());
            if (type == CMD_DISC) {
                return;
            }
            if (type == CMD_WRITE) {
                if (length > MAX_PAYLOAD) {
                    wire.skip(length);
                    simpleReply(cookie, EOVERFLOW);
                    continue;
                }
                int permits = (int) Math.max(1, length);
                acquire(permits);
                ByteBuffer payload = buffers.take((int) length);
                try {
                    wire.readFully(payload);
                } catch (IOException e) {
                    buffers.release(payload);
                    throw e;
                }
                payload.flip();
                workers.execute(() -> {
                    try {
                        perform(new Request(flags, type, cookie, offset, length), payload);
                    } finally {
                        buffers.release(payload);
                        budget.release(permits);
                    }
                });
                continue;
            }
            Request r = new Request(flags, type, cookie, offset, length);
            int permits = type == CMD_READ ? Math.clamp(length, 1, MAX_PAYLOAD) : 1;
            acquire(permits);
            workers.execute(() -> {
                try {
                    perform(r, null);
                } finally {
                    budget.release(permits);
                }
            });
        }
    }

    private void acquire(int permits) throws IOException {
        try {
            budget.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private record Request(int flags, int type, long cookie, long offset, long length) {
        boolean fua() {
            return (flags & CMD_FLAG_FUA) != 0;
        }

        long end() {
            return offset + length;
        }
    }

    private void perform(Request r, ByteBuffer payload) {
        try {
            int error = check(r);
            if (error != 0) {
                reply(r, error);
                return;
            }
            switch (r.type()) {
                case CMD_READ -> read(r);
                case CMD_WRITE -> {
                    device.write(r.offset(), payload, r.fua());
                    simpleReply(r.cookie(), 0);
                }
                case CMD_FLUSH -> {
                    device.flush();
                    simpleReply(r.cookie(), 0);
                }
                case CMD_TRIM -> {
                    device.trim(r.offset(), r.length(), r.fua());
                    simpleReply(r.cookie(), 0);
                }
                case CMD_WRITE_ZEROES -> {
                    device.writeZeroes(r.offset(), r.length(), r.fua());
                    simpleReply(r.cookie(), 0);
                }
                case CMD_BLOCK_STATUS -> blockStatus(r);
                default -> reply(r, EINVAL);
            }
        } catch (BlockIoException e) {
            LOG.debug("request failed: {}", e.getMessage());
            replyQuietly(r, e.error());
        } catch (IOException e) {
            LOG.warn("I/O error serving {} at {}+{}: {}", r.type(), r.offset(), r.length(), e.toString());
            replyQuietly(r, EIO);
        }
    }

    /** The error a request earns before it touches the device, or 0. */
    private int check(Request r) {
        if ((r.flags() & ~KNOWN_FLAGS) != 0) {
            return EINVAL;
        }
        long size = device.size();
        boolean beyond = r.offset() < 0 || r.end() < r.offset() || r.end() > size;
        return switch (r.type()) {
            case CMD_READ -> r.length() > MAX_PAYLOAD ? EOVERFLOW : beyond ? EINVAL : 0;
            case CMD_WRITE, CMD_WRITE_ZEROES -> device.readOnly() ? EPERM : beyond ? ENOSPC : 0;
            case CMD_TRIM -> device.readOnly() ? EPERM : beyond ? EINVAL : 0;
            case CMD_FLUSH -> 0;
            case CMD_BLOCK_STATUS -> !session.baseAllocation() ? EINVAL : beyond || r.length() == 0 ? EINVAL : 0;
            default -> EINVAL;
        };
    }

    private void read(Request r) throws IOException {
        ByteBuffer data = buffers.take((int) r.length());
        try {
            device.read(r.offset(), data);
            data.flip();
            if (session.structuredReplies()) {
                ByteBuffer h = chunkHeader(REPLY_FLAG_DONE, REPLY_TYPE_OFFSET_DATA, r.cookie(), 8 + data.remaining());
                wire.write(h, ByteBuffer.allocate(8).putLong(0, r.offset()), data);
            } else {
                wire.write(simpleHeader(r.cookie(), 0), data);
            }
        } finally {
            buffers.release(data);
        }
    }

    /** Everything is allocated data: one extent covering the request (flags 0). */
    private void blockStatus(Request r) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(12).putInt(0).putInt((int) r.length()).putInt(0).flip();
        wire.write(chunkHeader(REPLY_FLAG_DONE, REPLY_TYPE_BLOCK_STATUS, r.cookie(), body.remaining()), body);
    }

    private void replyQuietly(Request r, int error) {
        try {
            reply(r, error);
        } catch (IOException e) {
            LOG.debug("client gone before the error reply: {}", e.toString());
        }
    }

    /** An error reply: structured for reads when negotiated (READ must use them), else simple. */
    private void reply(Request r, int error) throws IOException {
        if (session.structuredReplies() && (r.type() == CMD_READ || r.type() == CMD_BLOCK_STATUS)) {
            ByteBuffer body = ByteBuffer.allocate(6).putInt(error).putShort((short) 0).flip();
            wire.write(chunkHeader(REPLY_FLAG_DONE, REPLY_TYPE_ERROR, r.cookie(), body.remaining()), body);
        } else {
            simpleReply(r.cookie(), error);
        }
    }

    private void simpleReply(long cookie, int error) throws IOException {
        wire.write(simpleHeader(cookie, error));
    }

    private static ByteBuffer simpleHeader(long cookie, int error) {
        return ByteBuffer.allocate(16).putInt(SIMPLE_REPLY_MAGIC).putInt(error).putLong(cookie).flip();
    }

    private static ByteBuffer chunkHeader(int flags, int type, long cookie, int length) {
        return ByteBuffer.allocate(20).putInt(STRUCTURED_REPLY_MAGIC).putShort((short) flags).putShort((short) type)
                .putLong(cookie).putInt(length).flip();
    }
}
