package org.jvs.drbd.resource;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.replication.Command;
import org.jvs.drbd.replication.Packet;
import org.jvs.drbd.replication.ProtocolException;
import org.jvs.drbd.replication.TransferLog;

/**
 * Handles the meta socket: pings, write acknowledgements (which complete the Primary's writes and,
 * during a resync, mark their blocks in sync), negative acks, barrier acks (which retire epochs
 * from the transfer log) and resync write acks on the SyncSource. Not thread-safe; one thread.
 */
final class MetaReceiver {
    private final Resource resource;
    private final Connection connection;

    MetaReceiver(Resource resource, Connection connection) {
        this.resource = resource;
        this.connection = connection;
    }

    void handle(Packet p) throws IOException {
        switch (p.command()) {
            case PING -> connection.sendMeta(Command.PING_ACK, 0);
            case PING_ACK -> {
                // lastMetaNs already updated by the loop
            }
            case RECV_ACK, WRITE_ACK -> ack(p);
            case NEG_ACK -> negativeAck(p);
            case BARRIER_ACK -> {
                ByteBuffer b = p.payload();
                connection.transferLog().barrierAcked(b.getInt(), b.getInt());
            }
            case RS_WRITE_ACK -> resyncAck(p);
            default -> throw new ProtocolException("unexpected " + p.command() + " on the meta socket");
        }
    }

    private void ack(Packet p) {
        ByteBuffer b = p.payload();
        b.getLong();
        TransferLog.Request r = connection.transferLog().acked(b.getLong());
        if (r != null && p.command() == Command.WRITE_ACK) {
            Volume v = resource.volume(r.volume());
            if (v != null && connection.peer(v.number()).state().syncing()) {
                v.bitmap().markInSync(r.offset(), r.length());
                resource.syncs().resyncProgress(connection, v);
            }
        }
    }

    private void negativeAck(Packet p) {
        ByteBuffer b = p.payload();
        long sector = b.getLong();
        long blockId = b.getLong();
        int size = b.getInt();
        Volume v = resource.volume(p.volume());
        if (v != null) {
            v.bitmap().markOutOfSync(sector << 9, size);
        }
        connection.transferLog().acked(blockId);
    }

    private void resyncAck(Packet p) {
        Volume v = resource.volume(p.volume());
        if (v == null) {
            return;
        }
        ByteBuffer b = p.payload();
        long offset = b.getLong() << 9;
        b.getLong();
        int size = b.getInt();
        v.bitmap().markInSync(offset, size);
        resource.syncs().resyncProgress(connection, v);
    }
}
