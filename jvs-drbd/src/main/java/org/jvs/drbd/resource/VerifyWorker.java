package org.jvs.drbd.resource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.meta.Bitmap;
import org.jvs.drbd.replication.Command;
import org.jvs.drbd.replication.Digests;
import org.jvs.drbd.replication.Packet;
import org.jvs.drbd.state.ConnectionState;

/**
 * The VerifyS side of an online verify: it asks the peer for digests of the whole volume,
 * 256 KiB at a time with 16 requests in flight, compares each 4 KiB digest with its own, marks the
 * blocks that differ out of sync on both nodes (without resyncing them) and logs each run of
 * differing blocks as DRBD does ("Out of sync: start=..., size=... (sectors)"). Thread-safe: the
 * requests go out from its own thread, replies are handled on the data receiver's thread.
 */
final class VerifyWorker implements Runnable {
    /** Bytes per request: 64 blocks, as many as one result's bit mask holds. */
    private static final int CHUNK = 64 * Bitmap.BLOCK;
    /** Requests in flight (4 MiB, like a resync's max-buffers/2 window). */
    private static final int WINDOW = 16;

    private final Resource resource;
    private final Connection connection;
    private final Volume volume;
    private final String alg;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong found = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private volatile boolean stopped;
    private final ByteBuffer local = ByteBuffer.allocateDirect(CHUNK);
    private long runStart = -1;
    private long runEnd = -1;

    VerifyWorker(Resource resource, Connection connection, Volume volume, String alg) {
        this.resource = resource;
        this.connection = connection;
        this.volume = volume;
        this.alg = alg;
    }

    /** Blocks of 4 KiB checked so far. */
    long checkedBlocks() {
        return done.get();
    }

    /** Blocks found out of sync so far. */
    long found() {
        return found.get();
    }

    void stop() {
        stopped = true;
        window.release(WINDOW);
    }

    @Override
    public void run() {
        try {
            for (long offset = 0; offset < volume.size() && !stopped && !connection.ended(); offset += CHUNK) {
                PeerDevice pd = connection.peer(volume.number());
                while (pd.userPaused() && !stopped) {
                    Thread.sleep(100);
                }
                window.acquire();
                int size = (int) Math.min(CHUNK, volume.size() - offset);
                outstanding.incrementAndGet();
                connection.sendData(Command.OV_REQUEST, volume.number(),
                        ByteBuffer.allocate(20).putLong(offset >> 9).putLong(offset).putInt(size).flip());
            }
            window.acquire(WINDOW);
            if (!stopped && !connection.ended()) {
                flushRun();
                connection.sendData(Command.OV_RESULT, volume.number(), ByteBuffer.allocate(20));
                resource.syncs().verifyFinished(connection, volume, found.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            connection.fail(ConnectionState.NETWORK_FAILURE, "verify: " + e.getMessage());
        } finally {
            connection.unregisterWorker(volume.number());
        }
    }

    /** A reply with the peer's digests (on the receiver's thread). */
    void reply(Packet p) throws IOException {
        ByteBuffer b = p.payload();
        long offset = b.getLong() << 9;
        b.getLong();
        int size = b.getInt();
        local.clear().limit(size);
        volume.read(offset, local);
        local.flip();
        long mask = 0;
        for (int i = 0; i * Bitmap.BLOCK < size; i++) {
            byte[] theirs = new byte[b.get() & 0xff];
            b.get(theirs);
            byte[] mine = Digests.digest(alg, local.slice(i * Bitmap.BLOCK, Bitmap.BLOCK));
            long block = offset + (long) i * Bitmap.BLOCK;
            if (!java.util.Arrays.equals(mine, theirs)) {
                mask |= 1L << i;
                volume.bitmap().markOutOfSync(block, Bitmap.BLOCK);
                found.incrementAndGet();
                noteOutOfSync(block);
            }
        }
        if (mask != 0) {
            connection.sendData(Command.OV_RESULT, volume.number(),
                    ByteBuffer.allocate(20).putLong(offset >> 9).putInt(size).putLong(mask).flip());
        }
        done.addAndGet(size / Bitmap.BLOCK);
        outstanding.decrementAndGet();
        window.release();
    }

    /** Coalesces adjacent differing blocks into one log line. */
    private synchronized void noteOutOfSync(long block) {
        if (runEnd == block) {
            runEnd = block + Bitmap.BLOCK;
            return;
        }
        flushRun();
        runStart = block;
        runEnd = block + Bitmap.BLOCK;
    }

    private synchronized void flushRun() {
        if (runStart >= 0) {
            resource.log(volume, "Out of sync: start=" + (runStart >> 9) + ", size=" + ((runEnd - runStart) >> 9)
                    + " (sectors)");
            runStart = -1;
        }
    }
}
