package org.jvs.drbd.resource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.io.BatchingWriter;
import org.jvs.drbd.replication.Command;
import org.jvs.drbd.replication.Packet;
import org.jvs.drbd.replication.PacketChannel;
import org.jvs.drbd.replication.ProtocolException;
import org.jvs.drbd.replication.TransferLog;
import org.jvs.drbd.state.ConnectionState;

/**
 * One established link to the peer: the data socket (replicated writes, barriers, resync and
 * verify traffic, bitmaps) and the meta socket (acknowledgements and pings), the transfer log of
 * writes in flight, and the threads that read both sockets, send pings and flush after barriers.
 * Any failure ends the whole connection once: sockets closed, workers stopped, the resource told.
 * Thread-safe; sending of writes and barriers is ordered by one lock.
 */
final class Connection {
    /** dp_flags of a replicated write (DRBD's values). */
    static final int DP_MAY_SET_IN_SYNC = 4;
    static final int DP_FUA = 16;
    static final int DP_FLUSH = 32;
    static final int DP_SEND_RECEIVE_ACK = 128;
    static final int DP_SEND_WRITE_ACK = 256;

    private final Resource resource;
    private final PacketChannel data;
    private final PacketChannel meta;
    private final boolean resolveConflicts;
    private final TransferLog transferLog = new TransferLog();
    private final Map<Integer, PeerDevice> peers = new ConcurrentHashMap<>();
    private final Map<Integer, Runnable> workerStops = new ConcurrentHashMap<>();
    private final Object dataOrder = new Object();
    private final List<int[]> pendingBarriers = new ArrayList<>();
    private boolean flushScheduled;
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("drbd-flush").factory());
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long lastMetaNs;
    private volatile long pingSentNs = -1;

    Connection(Resource resource, PacketChannel data, PacketChannel meta, boolean resolveConflicts) {
        this.resource = resource;
        this.data = data;
        this.meta = meta;
        this.resolveConflicts = resolveConflicts;
        for (Volume v : resource.volumes()) {
            peers.put(v.number(), new PeerDevice(v.number()));
        }
    }

    PeerDevice peer(int volume) {
        return peers.get(volume);
    }

    Map<Integer, PeerDevice> peers() {
        return peers;
    }

    TransferLog transferLog() {
        return transferLog;
    }

    boolean resolveConflicts() {
        return resolveConflicts;
    }

    PacketChannel dataChannel() {
        return data;
    }

    PacketChannel metaChannel() {
        return meta;
    }

    boolean ended() {
        return ended.get();
    }

    /** Handshakes, then serves until the connection ends; returns after cleanup. */
    void run() throws IOException {
        new ConnectionHandshake(resource, this).run();
        lastMetaNs = resource.nowNs();
        Thread.ofVirtual().name("drbd-meta").start(this::metaLoop);
        Thread.ofVirtual().name("drbd-ping").start(this::pingLoop);
        resource.connected(this);
        DataReceiver receiver = new DataReceiver(resource, this);
        try {
            while (!ended.get()) {
                if (!data.packetBuffered()) {
                    meta.flush();
                }
                receiver.handle(data.receive());
            }
        } catch (ProtocolException e) {
            fail(ConnectionState.PROTOCOL_ERROR, e.getMessage());
        } catch (IOException | RuntimeException e) {
            fail(ConnectionState.NETWORK_FAILURE, "data socket: " + e.getMessage());
        }
        awaitEnd();
    }

    void awaitEnd() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Queues a replicated write behind earlier writes and barriers, registering it in the transfer
     * log, and starts writing the queue to the socket unless another thread is at it. The caller
     * may write locally meanwhile, then waits with {@link #awaitSent} before it reuses the payload.
     */
    Pending sendWrite(Volume v, long offset, ByteBuffer payload, int dpFlags) throws IOException {
        Pending p;
        int n = payload.remaining();
        synchronized (dataOrder) {
            TransferLog.Request r = transferLog.add(v.number(), offset, n);
            ByteBuffer h = ByteBuffer.allocate(24).putLong(offset >> 9).putLong(r.blockId()).putInt(r.epoch())
                    .putInt(dpFlags).flip();
            p = new Pending(r, data.post(Command.DATA, v.number(), h, payload));
        }
        data.flush();
        v.stats().netSent.addAndGet(n);
        return p;
    }

    /** A write queued for the peer: its transfer-log entry and its place in the socket's queue. */
    record Pending(TransferLog.Request request, BatchingWriter.Ticket sent) {
    }

    /** Waits until a queued write is in the socket (what protocol A waits for). */
    void awaitSent(Pending p) throws IOException {
        data.await(p.sent());
    }

    /**
     * Closes {@code epoch} if still current and sends its barrier (or leaves it to the thread
     * writing the socket now: nobody waits for a barrier to be sent, only for its ack).
     */
    void closeEpoch(int epoch) throws IOException {
        boolean closed;
        synchronized (dataOrder) {
            closed = transferLog.closeEpoch(epoch);
            if (closed) {
                data.post(Command.BARRIER, 0, ByteBuffer.allocate(8).putInt(epoch).putInt(0).flip());
            }
        }
        if (closed) {
            data.flush();
        }
    }

    /**
     * Closes the current epoch and waits until the peer has every write sent so far on stable
     * storage; false if the connection went away meanwhile.
     */
    boolean flushPeer() throws IOException, InterruptedException {
        int epoch = transferLog.currentEpoch();
        closeEpoch(epoch);
        return transferLog.awaitEpoch(epoch);
    }

    /** Sends a packet on the data socket. */
    void sendData(Command c, int volume, ByteBuffer... payload) throws IOException {
        data.send(c, volume, payload);
    }

    /** Sends a packet on the meta socket. */
    void sendMeta(Command c, int volume, ByteBuffer... payload) throws IOException {
        meta.send(c, volume, payload);
    }

    /**
     * Queues an acknowledgement on the meta socket; the data receiver writes the queue when it has
     * no further packet at hand, so a burst of writes is acknowledged in one system call.
     */
    void postMeta(Command c, int volume, ByteBuffer payload) {
        meta.post(c, volume, payload);
    }

    /**
     * Acknowledges barriers in order, off the receiving thread, after a flush when the epoch had
     * writes. Barriers that queue up while a flush runs share the next one: one flush covers every
     * write applied before it.
     */
    void flushThenAck(int epoch, int writes, boolean flush) {
        synchronized (pendingBarriers) {
            pendingBarriers.add(new int[] {epoch, writes, flush ? 1 : 0});
            if (flushScheduled) {
                // the flusher has not taken the list yet and will take this barrier with it
                return;
            }
            flushScheduled = true;
        }
        flusher.execute(this::drainBarriers);
    }

    private void drainBarriers() {
        List<int[]> batch;
        synchronized (pendingBarriers) {
            flushScheduled = false;
            if (pendingBarriers.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(pendingBarriers);
            pendingBarriers.clear();
        }
        try {
            if (batch.stream().anyMatch(b -> b[2] != 0)) {
                for (Volume v : resource.volumes()) {
                    v.flush();
                }
            }
            for (int[] b : batch) {
                sendMeta(Command.BARRIER_ACK, 0, ByteBuffer.allocate(8).putInt(b[0]).putInt(b[1]).flip());
            }
        } catch (IOException e) {
            fail(ConnectionState.NETWORK_FAILURE, "barrier flush: " + e.getMessage());
        }
    }

    /** Registers how to stop a resync or verify worker of {@code volume} when the connection ends. */
    void registerWorker(int volume, Runnable stop) {
        workerStops.put(volume, stop);
    }

    void unregisterWorker(int volume) {
        workerStops.remove(volume);
    }

    private void metaLoop() {
        MetaReceiver receiver = new MetaReceiver(resource, this);
        try {
            while (!ended.get()) {
                Packet p = meta.receive();
                lastMetaNs = resource.nowNs();
                pingSentNs = -1;
                receiver.handle(p);
            }
        } catch (ProtocolException e) {
            fail(ConnectionState.PROTOCOL_ERROR, e.getMessage());
        } catch (IOException | RuntimeException e) {
            fail(ConnectionState.NETWORK_FAILURE, "meta socket: " + e.getMessage());
        }
    }

    /**
     * Sends a ping every ping-int of meta-socket silence; a ping not answered within ping-timeout
     * ends the connection ("PingAck did not arrive in time.").
     */
    private void pingLoop() {
        ResourceSettings s = resource.settings();
        long tickMs = Math.max(10, Math.min(s.pingTimeoutMs(), 100));
        try {
            while (!ended.get()) {
                Thread.sleep(tickMs);
                long now = resource.nowNs();
                if (pingSentNs >= 0 && now - pingSentNs > s.pingTimeoutMs() * 1_000_000) {
                    fail(ConnectionState.NETWORK_FAILURE, "PingAck did not arrive in time.");
                    return;
                }
                if (pingSentNs < 0 && now - lastMetaNs > s.pingIntMs() * 1_000_000) {
                    pingSentNs = now;
                    meta.send(Command.PING, 0);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            fail(ConnectionState.NETWORK_FAILURE, "ping: " + e.getMessage());
        }
    }

    /** Ends the connection once: sockets closed, workers stopped, the resource cleans up. */
    void fail(ConnectionState why, String message) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        resource.log(message);
        data.close();
        meta.close();
        workerStops.values().forEach(Runnable::run);
        // never shutdownNow: interrupting a thread in file I/O closes the backing device's channel
        flusher.shutdown();
        try {
            resource.connectionLost(this, why);
        } finally {
            done.countDown();
        }
    }

    /** Ends the connection because the administrator asked (disconnect, down). */
    void close() {
        fail(ConnectionState.TEAR_DOWN, "conn( Connected -> Disconnecting )");
    }

    List<Volume> volumes() {
        return resource.volumes();
    }
}
