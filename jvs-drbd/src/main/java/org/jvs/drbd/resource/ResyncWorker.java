package org.jvs.drbd.resource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.meta.Bitmap;
import org.jvs.drbd.replication.Command;
import org.jvs.drbd.replication.Digests;
import org.jvs.drbd.replication.ResyncController;
import org.jvs.drbd.state.ConnectionState;

/**
 * The SyncTarget's side of a resync: in every 100 ms step it asks the source for as many out-of-sync
 * blocks as the rate controller allows, keeping at most max-buffers/2 pages in flight and refilling
 * as replies arrive (runs of set bits, up to 1 MiB per request; with csums-alg the
 * request carries the local digest so equal blocks are not sent), walking the bitmap from start to
 * end and again while bits remain; it ends the resync when no bit is left and nothing is in flight.
 * Runs on its own virtual thread until the resync ends or the connection goes.
 */
final class ResyncWorker implements Runnable {
    /** Blocks per request: up to 1 MiB, DRBD's largest request (DRBD_MAX_BIO_SIZE). */
    private static final int MAX_REQUEST_BLOCKS = 256;
    private static final long STEP_MS = 100;

    private final Resource resource;
    private final Connection connection;
    private final Volume volume;
    private final PeerDevice peer;
    private final ResyncController controller;
    private final AtomicLong inFlightSectors = new AtomicLong();
    private final AtomicLong arrivedSectors = new AtomicLong();
    private volatile boolean stopped;
    private final Object arrival = new Object();
    private long cursor;
    private long nextId = 1;

    ResyncWorker(Resource resource, Connection connection, Volume volume) {
        this.resource = resource;
        this.connection = connection;
        this.volume = volume;
        this.peer = connection.peer(volume.number());
        ResourceSettings s = resource.settings();
        this.controller = new ResyncController(s.resyncRateKiB(), s.cPlanAhead(), s.cFillTargetSect(), s.cDelayTarget(),
                s.cMaxRateKiB());
    }

    /** The rate the controller currently wants, KiB/s. */
    long wantRateKiB() {
        return controller.wantRateKiB();
    }

    /** Resync data for {@code bytes} arrived (written or found equal). */
    void arrived(int bytes) {
        inFlightSectors.addAndGet(-(bytes >> 9));
        arrivedSectors.addAndGet(bytes >> 9);
        synchronized (arrival) {
            arrival.notifyAll();
        }
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        try {
            long maxInFlight = resource.settings().maxBuffers() / 2L * 8;
            while (!stopped && !connection.ended() && peer.state() != ConnectionState.CONNECTED) {
                if (peer.userPaused() || peer.peerPaused()) {
                    Thread.sleep(STEP_MS);
                    continue;
                }
                long in = arrivedSectors.getAndSet(0);
                long budget = Math.max(controller.step(in, Math.max(0, inFlightSectors.get())) >> 3, 1);
                // DRBD issues a step's requests at once and so never exceeds max-buffers/2 per
                // step; here the in-flight window is refilled as replies arrive, within the budget
                long stepEnd = System.nanoTime() + STEP_MS * 1_000_000;
                while (budget > 0 && System.nanoTime() < stepEnd && !stopped && !connection.ended()) {
                    long room = Math.max(0, (maxInFlight - inFlightSectors.get()) >> 3);
                    long n = Math.min(budget, room);
                    if (n > 0) {
                        budget -= request(n);
                    }
                    if (finished()) {
                        break;
                    }
                    synchronized (arrival) {
                        arrival.wait(5);
                    }
                }
                if (finished()) {
                    resource.syncs().resyncFinished(connection, volume, false);
                    return;
                }
                long rest = stepEnd - System.nanoTime();
                if (rest > 0) {
                    Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            connection.fail(ConnectionState.NETWORK_FAILURE, "resync request: " + e.getMessage());
        } finally {
            connection.unregisterWorker(volume.number());
        }
    }

    private boolean finished() {
        return volume.bitmap().weight() == 0 && inFlightSectors.get() <= 0;
    }

    /** Sends requests for up to {@code blocks} out-of-sync blocks from the cursor on; returns how many. */
    private long request(long blocks) throws IOException {
        Bitmap bm = volume.bitmap();
        long left = blocks;
        while (left > 0) {
            long first = bm.nextSet(cursor);
            if (first < 0) {
                // end of the bitmap: start over if bits remain but nothing is in flight any more
                if (inFlightSectors.get() <= 0 && bm.weight() > 0) {
                    cursor = 0;
                    first = bm.nextSet(0);
                }
                if (first < 0) {
                    return blocks - left;
                }
            }
            long end = first + 1;
            while (end < bm.bits() && end - first < Math.min(MAX_REQUEST_BLOCKS, left) && bm.isSet(end)) {
                end++;
            }
            long offset = first * Bitmap.BLOCK;
            int size = (int) (Math.min(end * Bitmap.BLOCK, volume.size()) - offset);
            cursor = end;
            left -= end - first;
            inFlightSectors.addAndGet(size >> 9);
            send(offset, size);
        }
        return blocks - left;
    }

    private void send(long offset, int size) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(20).putLong(offset >> 9).putLong(nextId++).putInt(size).flip();
        var csums = resource.settings().csumsAlg();
        if (csums.isPresent()) {
            ByteBuffer local = ByteBuffer.allocate(size);
            volume.read(offset, local);
            local.flip();
            connection.sendData(Command.CSUM_RS_REQUEST, volume.number(), h, ByteBuffer.wrap(Digests.digest(csums.get(), local)));
        } else {
            connection.sendData(Command.RS_DATA_REQUEST, volume.number(), h);
        }
    }
}
