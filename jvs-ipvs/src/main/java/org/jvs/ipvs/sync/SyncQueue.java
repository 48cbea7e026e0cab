package org.jvs.ipvs.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import org.jvs.ipvs.conn.ConnFlags;
import org.jvs.ipvs.conn.ConnectionTable;
import org.jvs.ipvs.conn.SyncListener;

/**
 * The master side's hand-over from the data plane to the sender thread: the data-plane thread
 * decides with {@link SyncPolicy} which connections to send, encodes each (and the persistence
 * template controlling it, as ip_vs_sync_conn walks cp->control) into a slot of a preallocated
 * ring, and the sender drains the ring into messages. One producer, one consumer; nothing is
 * allocated per record. When the ring is full, records are dropped and counted (the kernel drops
 * past sync_qlen_max too).
 */
public final class SyncQueue implements SyncListener {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(SyncQueue.class, "head", long.class);
            TAIL = l.findVarHandle(SyncQueue.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ByteBuffer[] slots;
    private final int mask;
    /** Next slot the producer fills; written by the data-plane thread only. */
    private volatile long head;
    /** Next slot the consumer reads; written by the sender thread only. */
    private volatile long tail;
    private volatile long dropped;

    /** @param capacity records the ring holds, a power of two */
    public SyncQueue(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        slots = new ByteBuffer[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = ByteBuffer.allocate(SyncProtocol.RECORD_V6);
        }
        mask = capacity - 1;
    }

    @Override
    public void seen(ConnectionTable table, int h, boolean stateChanged) {
        if (!SyncPolicy.needed(table.protocol(h), table.state(h), stateChanged, table.inPackets(h))) {
            return;
        }
        offer(table, h);
        int template = table.control(h);
        if (template >= 0 && (table.flags(template) & ConnFlags.TEMPLATE) != 0) {
            offer(table, template);
        }
    }

    /** Encodes the record of {@code h} into the next slot; data-plane thread only. */
    void offer(ConnectionTable table, int h) {
        if (SyncEncoder.recordLength(table, h) == 0) {
            return;
        }
        long at = head;
        if (at - (long) TAIL.getAcquire(this) > mask) {
            dropped = dropped + 1;
            return;
        }
        ByteBuffer slot = slots[(int) (at & mask)].clear();
        SyncEncoder.writeRecord(table, h, slot);
        slot.flip();
        HEAD.setRelease(this, at + 1);
    }

    /**
     * Moves waiting records into {@code message} (at its position) while they fit and fewer than
     * {@code maxRecords} were moved; sender thread only.
     *
     * @return how many records were moved
     */
    public int drainTo(ByteBuffer message, int maxRecords) {
        long at = tail;
        long end = (long) HEAD.getAcquire(this);
        int moved = 0;
        while (at < end && moved < maxRecords) {
            ByteBuffer slot = slots[(int) (at & mask)];
            if (slot.remaining() > message.remaining()) {
                break;
            }
            message.put(slot.duplicate());
            at++;
            moved++;
        }
        TAIL.setRelease(this, at);
        return moved;
    }

    /** Whether records are waiting. */
    public boolean isEmpty() {
        return (long) HEAD.getAcquire(this) == tail;
    }

    /** Records dropped because the sender fell behind. */
    public long dropped() {
        return dropped;
    }
}
