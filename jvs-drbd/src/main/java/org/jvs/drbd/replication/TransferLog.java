package org.jvs.drbd.replication;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The Primary's record of replicated writes not yet known to be on the peer's stable storage
 * (DRBD's transfer log), grouped in epochs. A write belongs to the epoch open when it was issued;
 * the epoch is closed when a write of it completes to the client (so writes issued after a
 * completion, which may depend on it, land in a later epoch) or on a flush. The peer acknowledges
 * each epoch with a barrier ack naming the epoch and its write count; then its writes leave the
 * log. On connection loss every write still in the log is reported so its blocks can be marked
 * out of sync. Thread-safe.
 */
public final class TransferLog {
    /** One replicated write. */
    public static final class Request {
        final long blockId;
        final int volume;
        final long offset;
        final int length;
        final int epoch;
        volatile boolean acked;
        volatile boolean lost;
        volatile Thread waiter;

        Request(long blockId, int volume, long offset, int length, int epoch) {
            this.blockId = blockId;
            this.volume = volume;
            this.offset = offset;
            this.length = length;
            this.epoch = epoch;
        }

        private void settle(boolean ok) {
            if (ok) {
                acked = true;
            } else {
                lost = true;
            }
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }

        /** Its id on the wire. */
        public long blockId() {
            return blockId;
        }

        /** The volume it writes to. */
        public int volume() {
            return volume;
        }

        /** Its epoch. */
        public int epoch() {
            return epoch;
        }

        /** Byte offset. */
        public long offset() {
            return offset;
        }

        /** Byte length. */
        public int length() {
            return length;
        }
    }

    private final Map<Long, Request> byId = new HashMap<>();
    private final LinkedHashMap<Integer, List<Request>> epochs = new LinkedHashMap<>();
    private long nextId = 1;
    private int currentEpoch = 1;
    private int writesInCurrent;
    private boolean lost;

    /** Registers a write to {@code volume} in the current epoch. */
    public synchronized Request add(int volume, long offset, int length) {
        Request r = new Request(nextId++, volume, offset, length, currentEpoch);
        if (lost) {
            // the connection is already gone: nothing will acknowledge this write
            r.lost = true;
            return r;
        }
        byId.put(r.blockId, r);
        epochs.computeIfAbsent(currentEpoch, e -> new ArrayList<>()).add(r);
        writesInCurrent++;
        return r;
    }

    /** The epoch new writes go to. */
    public synchronized int currentEpoch() {
        return currentEpoch;
    }

    /**
     * Closes {@code epoch} if it is still the current one and holds writes; returns whether it was
     * closed (the caller then sends its barrier).
     */
    public synchronized boolean closeEpoch(int epoch) {
        if (epoch != currentEpoch || writesInCurrent == 0) {
            return false;
        }
        currentEpoch++;
        writesInCurrent = 0;
        return true;
    }

    /** Number of writes in {@code epoch} still in the log. */
    public synchronized int size(int epoch) {
        List<Request> l = epochs.get(epoch);
        return l == null ? 0 : l.size();
    }

    /** The peer acknowledged write {@code blockId} (receive or write ack, per protocol); returns it, or null. */
    public synchronized Request acked(long blockId) {
        Request r = byId.get(blockId);
        if (r != null) {
            r.settle(true);
        }
        return r;
    }

    /**
     * Waits until {@code r} is acknowledged or the connection is lost; true if acknowledged. Only
     * the writer of {@code r} waits for it, so an acknowledgement wakes one thread, not all.
     */
    public boolean awaitAck(Request r) throws InterruptedException {
        r.waiter = Thread.currentThread();
        while (!r.acked && !r.lost) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return r.acked;
    }

    /**
     * The peer has every write of {@code epoch} on stable storage.
     *
     * @throws ProtocolException when the epoch is not the oldest or its size differs (DRBD's "BAD! BarrierAck")
     */
    public synchronized void barrierAcked(int epoch, int count) throws ProtocolException {
        Integer oldest = epochs.isEmpty() ? null : epochs.keySet().iterator().next();
        List<Request> l = epochs.get(epoch);
        if (oldest == null || oldest != epoch || l.size() != count) {
            throw new ProtocolException("BAD! BarrierAck #" + epoch + " received with n_writes=" + count
                    + ", expected #" + oldest + " with " + (l == null ? 0 : l.size()));
        }
        epochs.remove(epoch);
        for (Request r : l) {
            byId.remove(r.blockId);
            r.settle(true);
        }
        notifyAll();
    }

    /** Waits until every epoch up to {@code epoch} is barrier-acked or the connection is lost. */
    public synchronized boolean awaitEpoch(int epoch) throws InterruptedException {
        while (!lost && !epochs.isEmpty() && epochs.keySet().iterator().next() <= epoch) {
            wait();
        }
        return !lost;
    }

    /**
     * The connection is gone: every write still in the log is returned (its blocks must go out of
     * sync) and every waiter released. The log starts empty for the next connection.
     */
    public synchronized List<Request> connectionLost() {
        List<Request> all = new ArrayList<>(byId.values());
        for (Request r : all) {
            r.settle(false);
        }
        byId.clear();
        epochs.clear();
        lost = true;
        writesInCurrent = 0;
        currentEpoch++;
        notifyAll();
        return all;
    }

    /** Number of writes in the log (the "pe" of pending epochs). */
    public synchronized int pending() {
        return byId.size();
    }

    /** Number of epochs with writes awaiting their barrier ack ("ep:"). */
    public synchronized int openEpochs() {
        return Math.max(1, epochs.size());
    }
}
