package org.jvs.drbd.resource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.meta.Bitmap;
import org.jvs.drbd.meta.GenerationIds;
import org.jvs.drbd.meta.MdFlags;
import org.jvs.drbd.replication.Command;
import org.jvs.drbd.replication.Packet;
import org.jvs.drbd.replication.ProtocolException;
import org.jvs.drbd.replication.SyncDecision;
import org.jvs.drbd.replication.SyncHandshake;
import org.jvs.drbd.state.ConnectionState;
import org.jvs.drbd.state.DiskState;
import org.jvs.drbd.state.Role;

/**
 * The parameter exchange and sync handshake of a new connection, on the data socket before any
 * other traffic: protocol and policies (which must match), digests, then per volume sizes,
 * generation identifiers and state; the sync decision; and, for a resync, the bitmap exchange (both
 * sides OR the other's bits in) and the SyncSource's sync UUID. Application writes are held off
 * from the decision to the end, so no write falls between the bitmaps exchanged and replication.
 * Not thread-safe; runs once on the connection's thread.
 */
final class ConnectionHandshake {
    /** UUID flag: this node connects with --discard-my-data. */
    static final long FLAG_DISCARD_MY_DATA = 1;
    /** UUID flag: this node crashed while Primary. */
    static final long FLAG_CRASHED_PRIMARY = 2;
    /** UUID flag: this node's disk is Inconsistent. */
    static final long FLAG_INCONSISTENT = 4;
    /** UUID flag: skip the initial sync (new-current-uuid --clear-bitmap). */
    static final long FLAG_SKIP_INITIAL_SYNC = 8;
    private static final int BITMAP_WORDS_PER_PACKET = 4096;

    private final Resource resource;
    private final Connection connection;

    private record PeerFacts(long sizeSectors, GenerationIds uuids, long weight, long flags, Role role, DiskState disk) {
    }

    ConnectionHandshake(Resource resource, Connection connection) {
        this.resource = resource;
        this.connection = connection;
    }

    void run() throws IOException {
        ResourceSettings s = resource.settings();
        sendParameters(s);
        checkParameters(s);
        for (Volume v : resource.volumes()) {
            sendVolumeFacts(v);
        }
        Map<Integer, PeerFacts> facts = new HashMap<>();
        for (Volume v : resource.volumes()) {
            facts.put(v.number(), receiveVolumeFacts(v));
        }
        Lock gate = resource.ioGate().writeLock();
        gate.lock();
        try {
            decide(facts);
        } finally {
            gate.unlock();
        }
    }

    private void sendParameters(ResourceSettings s) throws IOException {
        ByteBuffer p = ByteBuffer.allocate(512);
        p.put((byte) s.protocol()).put((byte) (s.allowTwoPrimaries() ? 1 : 0)).put((byte) (resource.discardMyData() ? 1 : 0));
        Wire.putString(p, s.policies().afterSb0pri());
        Wire.putString(p, s.policies().afterSb1pri());
        Wire.putString(p, s.policies().afterSb2pri());
        connection.sendData(Command.PROTOCOL, 0, p.flip());
        ByteBuffer q = ByteBuffer.allocate(256);
        Wire.putString(q, s.verifyAlg().orElse(""));
        Wire.putString(q, s.csumsAlg().orElse(""));
        connection.sendData(Command.SYNC_PARAM, 0, q.flip());
    }

    private void checkParameters(ResourceSettings s) throws IOException {
        ByteBuffer p = expect(Command.PROTOCOL).payload();
        char protocol = (char) p.get();
        boolean twoPrimaries = p.get() != 0;
        boolean peerDiscards = p.get() != 0;
        List<String> mismatch = new ArrayList<>();
        if (protocol != s.protocol()) {
            mismatch.add("protocol");
        }
        if (twoPrimaries != s.allowTwoPrimaries()) {
            mismatch.add("allow-two-primaries");
        }
        if (peerDiscards && resource.discardMyData()) {
            mismatch.add("discard-my-data");
        }
        String[] sb = {Wire.getString(p), Wire.getString(p), Wire.getString(p)};
        String[] mine = {s.policies().afterSb0pri(), s.policies().afterSb1pri(), s.policies().afterSb2pri()};
        for (int i = 0; i < 3; i++) {
            if (!sb[i].equals(mine[i])) {
                mismatch.add("after-sb-" + i + "pri");
            }
        }
        ByteBuffer q = expect(Command.SYNC_PARAM).payload();
        String verify = Wire.getString(q);
        if (!verify.equals(s.verifyAlg().orElse(""))) {
            resource.log("Different verify-alg settings. me=\"" + s.verifyAlg().orElse("") + "\" peer=\"" + verify + "\"");
            mismatch.add("verify-alg");
        }
        if (!mismatch.isEmpty()) {
            throw new RefusedException("incompatible " + String.join(", ", mismatch) + " settings",
                    ConnectionState.STAND_ALONE);
        }
    }

    private void sendVolumeFacts(Volume v) throws IOException {
        int n = v.number();
        connection.sendData(Command.SIZES, n, Wire.longs(v.size() >> 9));
        long flags = (resource.discardMyData() ? FLAG_DISCARD_MY_DATA : 0)
                | (v.crashedPrimary() ? FLAG_CRASHED_PRIMARY : 0)
                | (v.disk() == DiskState.INCONSISTENT ? FLAG_INCONSISTENT : 0);
        GenerationIds u = v.uuids();
        connection.sendData(Command.UUIDS, n, Wire.longs(u.current(), u.bitmap(), u.history0(), u.history1(),
                v.bitmap().weight(), flags));
        connection.sendData(Command.STATE, n, ByteBuffer.allocate(2).put((byte) resource.role().ordinal())
                .put((byte) v.disk().ordinal()).flip());
    }

    private PeerFacts receiveVolumeFacts(Volume v) throws IOException {
        long size = expect(Command.SIZES).payload().getLong();
        ByteBuffer u = expect(Command.UUIDS).payload();
        GenerationIds uuids = new GenerationIds(u.getLong(), u.getLong(), u.getLong(), u.getLong());
        long weight = u.getLong();
        long flags = u.getLong();
        ByteBuffer st = expect(Command.STATE).payload();
        Role role = Role.values()[st.get()];
        DiskState disk = DiskState.values()[st.get()];
        if (size != v.size() >> 9) {
            throw new RefusedException("The peer's disk size (" + size + " sectors) differs from ours ("
                    + (v.size() >> 9) + " sectors)", ConnectionState.STAND_ALONE);
        }
        return new PeerFacts(size, uuids, weight, flags, role, disk);
    }

    private Packet expect(Command c) throws IOException {
        Packet p = connection.dataChannel().receive();
        if (p.command() != c) {
            throw new ProtocolException("expected " + c + ", got " + p.command());
        }
        return p;
    }

    private void decide(Map<Integer, PeerFacts> facts) throws IOException {
        ResourceSettings s = resource.settings();
        Map<Integer, SyncDecision> decisions = new HashMap<>();
        for (Volume v : resource.volumes()) {
            PeerFacts f = facts.get(v.number());
            resource.setPeerRole(f.role());
            SyncHandshake.Side self = new SyncHandshake.Side(v.uuids(), resource.role(), v.disk(), v.bitmap().weight(),
                    v.crashedPrimary(), resource.discardMyData());
            SyncHandshake.Side peer = new SyncHandshake.Side(f.uuids(), f.role(), f.disk(), f.weight(),
                    (f.flags() & FLAG_CRASHED_PRIMARY) != 0, (f.flags() & FLAG_DISCARD_MY_DATA) != 0);
            SyncDecision d = SyncHandshake.decide(self, peer, connection.resolveConflicts(), s.policies());
            d.messages().forEach(m -> resource.log(v, m));
            if (d.disconnect()) {
                if (Math.abs(d.hg()) == 100) {
                    resource.runHandler("split-brain");
                }
                throw new RefusedException(d.messages().getLast(), ConnectionState.STAND_ALONE);
            }
            v.updateMetadata(sb -> sb.withUuids(d.self()));
            connection.peer(v.number()).setPeerUuids(d.peer());
            decisions.put(v.number(), d);
        }
        List<Volume> syncing = resource.volumes().stream().filter(v -> decisions.get(v.number()).hg() != 0).toList();
        for (Volume v : syncing) {
            if (decisions.get(v.number()).full()) {
                resource.log(v, "Writing the whole bitmap, full sync required after drbd_sync_handshake.");
                v.bitmap().setAll();
                v.writeBitmap();
            }
        }
        exchangeBitmaps(syncing);
        for (Volume v : resource.volumes()) {
            PeerDevice pd = connection.peer(v.number());
            PeerFacts f = facts.get(v.number());
            SyncDecision d = decisions.get(v.number());
            if (d.source()) {
                startSource(v, pd);
            } else if (d.target()) {
                startTarget(v, pd);
            } else {
                inSync(v, pd, f);
            }
        }
        for (Volume v : resource.volumes()) {
            v.updateMetadata(sb -> sb.withFlags((sb.flags() | MdFlags.CONNECTED_IND) & ~MdFlags.CRASHED_PRIMARY));
        }
        resource.clearDiscardMyData();
    }

    private void inSync(Volume v, PeerDevice pd, PeerFacts f) throws IOException {
        pd.setState(ConnectionState.CONNECTED);
        if (v.disk().consistent() && f.disk().consistent()) {
            v.setDisk(DiskState.UP_TO_DATE);
            pd.setPeerDisk(DiskState.UP_TO_DATE);
            v.updateMetadata(sb -> sb.withFlags(sb.flags() | MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE));
        } else {
            pd.setPeerDisk(f.disk());
        }
        if (v.bitmap().weight() != 0) {
            resource.log(v, "No resync, but " + v.bitmap().weight() + " bits in bitmap!");
        }
    }

    private void startSource(Volume v, PeerDevice pd) throws IOException {
        GenerationIds next = v.uuids().startSyncSource(resource.randomUuid());
        v.updateMetadata(sb -> sb.withUuids(next));
        resource.log(v, "updated sync UUID " + next.formatted());
        connection.sendData(Command.SYNC_UUID, v.number(), Wire.longs(next.bitmap()));
        pd.setPeerDisk(DiskState.INCONSISTENT);
        pd.setProgress(new SyncProgress(v.bitmap().weight(), resource.nowNs()));
        pd.setState(ConnectionState.SYNC_SOURCE);
        resource.log(v, "Began resync as SyncSource (will sync " + v.bitmap().weight() * 4 + " KB [" + v.bitmap().weight()
                + " bits set]).");
    }

    private void startTarget(Volume v, PeerDevice pd) throws IOException {
        pd.setState(ConnectionState.WF_SYNC_UUID);
        long syncUuid = expect(Command.SYNC_UUID).payload().getLong();
        boolean primary = resource.role() == Role.PRIMARY;
        v.setDisk(DiskState.INCONSISTENT);
        v.updateMetadata(sb -> sb.withUuids(sb.uuids().withCurrent(primary ? syncUuid | 1 : syncUuid & ~1L).withBitmap(0))
                .withFlags(sb.flags() & ~(MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE)));
        pd.setPeerDisk(DiskState.UP_TO_DATE);
        pd.setProgress(new SyncProgress(v.bitmap().weight(), resource.nowNs()));
        pd.setState(ConnectionState.SYNC_TARGET);
        resource.log(v, "Began resync as SyncTarget (will sync " + v.bitmap().weight() * 4 + " KB [" + v.bitmap().weight()
                + " bits set]).");
        resource.runHandler("before-resync-target");
    }

    /** Both sides send their bitmap words (from another thread, so neither blocks) and OR the peer's in. */
    private void exchangeBitmaps(List<Volume> volumes) throws IOException {
        if (volumes.isEmpty()) {
            return;
        }
        IOException[] sendFailure = new IOException[1];
        Thread sender = Thread.ofVirtual().name("drbd-bitmap").start(() -> {
            try {
                for (Volume v : volumes) {
                    sendBitmap(v);
                }
            } catch (IOException e) {
                sendFailure[0] = e;
            }
        });
        for (Volume v : volumes) {
            receiveBitmap(v);
        }
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (sendFailure[0] != null) {
            throw sendFailure[0];
        }
        for (Volume v : volumes) {
            v.writeBitmap();
        }
    }

    private void sendBitmap(Volume v) throws IOException {
        Bitmap bm = v.bitmap();
        int total = bm.wordCount();
        int start = 0;
        do {
            int n = Math.min(BITMAP_WORDS_PER_PACKET, total - start);
            ByteBuffer b = ByteBuffer.allocate(8 + 8 * n).putInt(start).putInt(total);
            for (int i = 0; i < n; i++) {
                b.putLong(bm.word(start + i));
            }
            connection.sendData(Command.BITMAP, v.number(), b.flip());
            start += n;
        } while (start < total);
    }

    private void receiveBitmap(Volume v) throws IOException {
        Bitmap bm = v.bitmap();
        while (true) {
            Packet p = expect(Command.BITMAP);
            ByteBuffer b = p.payload();
            int start = b.getInt();
            int total = b.getInt();
            if (p.volume() != v.number() || total != bm.wordCount() || start < 0 || start + b.remaining() / 8 > total) {
                throw new ProtocolException("bitmap of the wrong shape");
            }
            int i = start;
            while (b.remaining() >= 8) {
                bm.mergeWord(i++, b.getLong());
            }
            if (i >= total) {
                return;
            }
        }
    }
}
