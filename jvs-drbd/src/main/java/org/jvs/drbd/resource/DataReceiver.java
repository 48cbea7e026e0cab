package org.jvs.drbd.resource;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.jvs.drbd.device.RegionLocks;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.meta.Bitmap;
import org.jvs.drbd.meta.GenerationIds;
import org.jvs.drbd.meta.MdFlags;
import org.jvs.drbd.replication.Command;
import org.jvs.drbd.replication.Digests;
import org.jvs.drbd.replication.Packet;
import org.jvs.drbd.replication.ProtocolException;
import org.jvs.drbd.state.ConnectionState;
import org.jvs.drbd.state.DiskState;
import org.jvs.drbd.state.Role;

/**
 * Handles what arrives on the data socket after the handshake, in arrival order on one thread: a
 * Secondary applies replicated writes in order (acknowledging per the write's flags) and answers
 * barriers after a flush; a SyncSource serves resync reads; a SyncTarget writes resync data; both
 * sides of a verify compare digests. Because writes are applied in order, epochs need no further
 * ordering here. Not thread-safe; one per connection.
 */
final class DataReceiver {
    private final Resource resource;
    private final Connection connection;
    private int writesInEpoch;
    private boolean unflushed;
    /** Blocks read for the peer (resync and verify requests, up to 1 MiB); reused, as replies are sent one at a time. */
    private final ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);

    DataReceiver(Resource resource, Connection connection) {
        this.resource = resource;
        this.connection = connection;
    }

    void handle(Packet p) throws IOException {
        switch (p.command()) {
            case DATA -> write(p);
            case BARRIER -> barrier(p);
            case RS_DATA_REQUEST -> resyncRead(p, false);
            case CSUM_RS_REQUEST -> resyncRead(p, true);
            case RS_DATA_REPLY -> resyncWrite(p);
            case RS_IS_IN_SYNC -> resyncEqual(p);
            case OV_REQUEST -> verifyRead(p);
            case OV_REPLY -> resource.syncs().verifyReply(connection, p);
            case OV_RESULT -> verifyResult(p);
            case STATE -> state(p);
            case UUIDS -> uuids(p);
            case OUT_OF_SYNC -> outOfSync(p);
            case BECOME_SYNC_TARGET -> resource.disks().peerInvalidates(connection);
            default -> throw new ProtocolException("unexpected " + p.command() + " on the data socket");
        }
    }

    private Volume volume(Packet p) throws ProtocolException {
        Volume v = resource.volume(p.volume());
        if (v == null) {
            throw new ProtocolException("packet for unknown volume " + p.volume());
        }
        return v;
    }

    private static void checkRange(Volume v, long offset, long length) throws ProtocolException {
        if (offset < 0 || length < 0 || offset + length > v.size()) {
            throw new ProtocolException("request beyond the end of the device: " + offset + "+" + length);
        }
    }

    private void write(Packet p) throws IOException {
        if (resource.role() == Role.PRIMARY) {
            throw new ProtocolException("replicated write received while Primary");
        }
        Volume v = volume(p);
        ByteBuffer b = p.payload();
        long offset = b.getLong() << 9;
        long blockId = b.getLong();
        int seq = b.getInt();
        int flags = b.getInt();
        int length = b.remaining();
        checkRange(v, offset, length);
        v.stats().netReceived.addAndGet(length);
        if ((flags & Connection.DP_SEND_RECEIVE_ACK) != 0) {
            connection.postMeta(Command.RECV_ACK, v.number(), Wire.blockAck(offset >> 9, blockId, length, seq));
        }
        v.stats().unacked.incrementAndGet();
        try {
            v.write(offset, b, (flags & Connection.DP_FUA) != 0);
        } catch (IOException e) {
            resource.localIoError(v, e);
            v.bitmap().markOutOfSync(offset, length);
            connection.postMeta(Command.NEG_ACK, v.number(), Wire.blockAck(offset >> 9, blockId, length, seq));
            return;
        } finally {
            v.stats().unacked.decrementAndGet();
        }
        unflushed = true;
        writesInEpoch++;
        if (connection.peer(v.number()).state().syncing()) {
            v.bitmap().markInSync(offset, length);
        }
        if ((flags & Connection.DP_SEND_WRITE_ACK) != 0) {
            connection.postMeta(Command.WRITE_ACK, v.number(), Wire.blockAck(offset >> 9, blockId, length, seq));
        }
    }

    private void barrier(Packet p) {
        int epoch = p.payload().getInt();
        connection.flushThenAck(epoch, writesInEpoch, unflushed && resource.settings().diskFlushes());
        writesInEpoch = 0;
        unflushed = false;
    }

    /** SyncSource: answer a resync request with the data, or "in sync" when the target's digest matches. */
    private void resyncRead(Packet p, boolean withDigest) throws IOException {
        Volume v = volume(p);
        ByteBuffer b = p.payload();
        long offset = b.getLong() << 9;
        long blockId = b.getLong();
        int size = b.getInt();
        checkRange(v, offset, size);
        if (size <= 0 || size > (1 << 20)) {
            throw new ProtocolException("resync request of " + size + " bytes");
        }
        block.clear().limit(size);
        try (RegionLocks.Held _ = v.regions().lock(offset, size)) {
            v.read(offset, block);
            block.flip();
            if (withDigest) {
                byte[] theirs = new byte[b.remaining()];
                b.get(theirs);
                String alg = resource.settings().csumsAlg().orElseThrow(() -> new ProtocolException("csums-alg unset"));
                if (java.util.Arrays.equals(theirs, Digests.digest(alg, block))) {
                    v.bitmap().markInSync(offset, size);
                    resource.syncs().resyncProgress(connection, v);
                    connection.sendData(Command.RS_IS_IN_SYNC, v.number(), Wire.blockAck(offset >> 9, blockId, size, 0));
                    return;
                }
            }
            connection.sendData(Command.RS_DATA_REPLY, v.number(), Wire.longs(offset >> 9, blockId), block);
            v.stats().netSent.addAndGet(size);
        }
    }

    /** SyncTarget: write resync data, clear its bits, acknowledge. */
    private void resyncWrite(Packet p) throws IOException {
        Volume v = volume(p);
        ByteBuffer b = p.payload();
        long offset = b.getLong() << 9;
        long blockId = b.getLong();
        int size = b.remaining();
        checkRange(v, offset, size);
        v.stats().netReceived.addAndGet(size);
        try {
            v.write(offset, b, false);
        } catch (IOException e) {
            resource.localIoError(v, e);
            return;
        }
        v.bitmap().markInSync(offset, size);
        connection.postMeta(Command.RS_WRITE_ACK, v.number(), Wire.blockAck(offset >> 9, blockId, size, 0));
        resource.syncs().resyncArrived(connection, v, size);
    }

    private void resyncEqual(Packet p) throws IOException {
        Volume v = volume(p);
        ByteBuffer b = p.payload();
        long offset = b.getLong() << 9;
        b.getLong();
        int size = b.getInt();
        checkRange(v, offset, size);
        v.bitmap().markInSync(offset, size);
        resource.syncs().resyncArrived(connection, v, size);
    }

    /** VerifyT: digests of the requested blocks, one per 4 KiB. */
    private void verifyRead(Packet p) throws IOException {
        Volume v = volume(p);
        ByteBuffer b = p.payload();
        long offset = b.getLong() << 9;
        long blockId = b.getLong();
        int size = b.getInt();
        checkRange(v, offset, size);
        if (size <= 0 || size > (1 << 20) || size % Bitmap.BLOCK != 0) {
            throw new ProtocolException("verify request of " + size + " bytes");
        }
        resource.syncs().verifyTargetStarted(connection, v);
        ByteBuffer reply = ByteBuffer.allocate(20 + size / Bitmap.BLOCK * 64).putLong(offset >> 9).putLong(blockId)
                .putInt(size);
        String alg = resource.settings().verifyAlg().orElseThrow(() -> new ProtocolException("verify-alg unset"));
        block.clear().limit(size);
        v.read(offset, block);
        block.flip();
        for (int i = 0; i < size; i += Bitmap.BLOCK) {
            byte[] d = Digests.digest(alg, block.slice(i, Bitmap.BLOCK));
            reply.put((byte) d.length).put(d);
        }
        connection.sendData(Command.OV_REPLY, v.number(), reply.flip());
        connection.peer(v.number()).verifiedBlocks().addAndGet(size / Bitmap.BLOCK);
    }

    /** VerifyT: the source's findings (a zero size ends the run). */
    private void verifyResult(Packet p) throws IOException {
        Volume v = volume(p);
        ByteBuffer b = p.payload();
        long offset = b.getLong() << 9;
        int size = b.getInt();
        long mask = b.getLong();
        if (size == 0) {
            resource.syncs().verifyTargetDone(connection, v);
            return;
        }
        checkRange(v, offset, size);
        for (int i = 0; i < size / Bitmap.BLOCK; i++) {
            if ((mask & (1L << i)) != 0) {
                v.bitmap().markOutOfSync(offset + (long) i * Bitmap.BLOCK, Bitmap.BLOCK);
            }
        }
    }

    private void state(Packet p) throws IOException {
        Volume v = volume(p);
        ByteBuffer b = p.payload();
        Role role = Role.values()[b.get()];
        DiskState disk = DiskState.values()[b.get()];
        resource.setPeerRole(role);
        PeerDevice pd = connection.peer(v.number());
        pd.setPeerDisk(disk);
        if (pd.state() == ConnectionState.CONNECTED && disk == DiskState.UP_TO_DATE && v.disk() == DiskState.UP_TO_DATE) {
            v.updateMetadata(sb -> sb.withFlags(sb.flags() | MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE));
        }
    }

    /** New identifiers from the peer; with the skip flag, adopt them as a synced pair (new-current-uuid --clear-bitmap). */
    private void uuids(Packet p) throws IOException {
        Volume v = volume(p);
        ByteBuffer b = p.payload();
        GenerationIds u = new GenerationIds(b.getLong(), b.getLong(), b.getLong(), b.getLong());
        b.getLong();
        long flags = b.getLong();
        connection.peer(v.number()).setPeerUuids(u);
        if ((flags & ConnectionHandshake.FLAG_SKIP_INITIAL_SYNC) != 0 && v.disk() == DiskState.INCONSISTENT
                && GenerationIds.base(v.uuids().current()) == GenerationIds.JUST_CREATED) {
            resource.disks().skipInitialSync(connection, v, u);
        }
    }

    private void outOfSync(Packet p) throws IOException {
        Volume v = volume(p);
        ByteBuffer b = p.payload();
        long offset = b.getLong() << 9;
        long size = b.getLong();
        checkRange(v, offset, size);
        v.bitmap().markOutOfSync(offset, size);
    }
}
