package org.jvs.drbd.resource;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.meta.Bitmap;
import org.jvs.drbd.meta.GenerationIds;
import org.jvs.drbd.meta.MdFlags;
import org.jvs.drbd.replication.Packet;
import org.jvs.drbd.state.ConnectionState;
import org.jvs.drbd.state.DiskState;
import org.jvs.drbd.state.Role;
import org.jvs.drbd.state.StateChangeException;

/**
 * The resync and online-verify runs of a resource: starting the SyncTarget's worker, progress
 * marks, the end of a resync with DRBD's generation and flag updates ("Resync done (total ...)"),
 * verify as VerifyS and VerifyT with its findings ("Online verify found N 4k block out of sync!"),
 * and pause-sync/resume-sync. Thread-safe: state transitions are serialised on this object.
 */
final class SyncRuns {
    private final Resource resource;
    private final Map<Integer, ResyncWorker> resyncs = new ConcurrentHashMap<>();
    private final Map<Integer, VerifyWorker> verifies = new ConcurrentHashMap<>();
    private final Map<Integer, Long> lastVerifyFound = new ConcurrentHashMap<>();

    SyncRuns(Resource resource) {
        this.resource = resource;
    }

    /** Stops every worker (the connection ended). */
    void stopAll() {
        resyncs.values().forEach(ResyncWorker::stop);
        resyncs.clear();
        verifies.values().forEach(VerifyWorker::stop);
        verifies.clear();
    }

    long wantRateKiB(int volume) {
        ResyncWorker w = resyncs.get(volume);
        return w == null ? 0 : w.wantRateKiB();
    }

    long verifyChecked(int volume) {
        VerifyWorker w = verifies.get(volume);
        return w == null ? -1 : w.checkedBlocks();
    }

    void startResync(Connection c, Volume v) {
        ResyncWorker w = new ResyncWorker(resource, c, v);
        resyncs.put(v.number(), w);
        c.registerWorker(v.number(), w::stop);
        Thread.ofVirtual().name("drbd-resync").start(w);
    }

    void resyncArrived(Connection c, Volume v, int bytes) {
        ResyncWorker w = resyncs.get(v.number());
        if (w != null) {
            w.arrived(bytes);
        }
        progressMark(c, v);
    }

    private void progressMark(Connection c, Volume v) {
        SyncProgress p = c.peer(v.number()).progress();
        if (p != null) {
            p.mark(v.bitmap().weight(), resource.nowNs());
        }
    }

    /** The SyncSource's bits went down; it finishes when none is left. */
    void resyncProgress(Connection c, Volume v) {
        progressMark(c, v);
        PeerDevice pd = c.peer(v.number());
        if (pd.state() == ConnectionState.SYNC_SOURCE && v.bitmap().weight() == 0) {
            resyncFinished(c, v, true);
        }
    }

    /** A resync ended with every block in sync: states, identifiers and flags as DRBD sets them. */
    synchronized void resyncFinished(Connection c, Volume v, boolean source) {
        PeerDevice pd = c.peer(v.number());
        ConnectionState was = pd.state();
        if (!was.syncing()) {
            return;
        }
        SyncProgress p = pd.progress();
        long now = resource.nowNs();
        long secs = p == null ? 1 : p.activeSeconds(now);
        long paused = p == null ? 0 : p.pausedSeconds(now);
        long kps = p == null ? 0 : p.totalBlocks() * 4 / secs;
        try {
            if (source) {
                v.updateMetadata(sb -> sb.withUuids(sb.uuids().bitmapToHistory()));
            } else {
                GenerationIds peer = pd.peerUuids();
                v.updateMetadata(sb -> sb.withUuids(sb.uuids().finishSyncTarget(peer, resource.role() == Role.PRIMARY))
                        .withFlags(sb.flags() | MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE));
                v.setDisk(DiskState.UP_TO_DATE);
            }
        } catch (IOException e) {
            resource.localIoError(v, e);
            return;
        }
        pd.setPeerDisk(DiskState.UP_TO_DATE);
        pd.setState(ConnectionState.CONNECTED);
        pd.setProgress(null);
        resyncs.remove(v.number());
        resource.log(v, "Resync done (total " + (secs + paused) + " sec; paused " + paused + " sec; " + kps + " K/sec)");
        resource.log(v, "conn( " + was.label() + " -> Connected ) disk( " + (source ? "UpToDate" : "Inconsistent -> UpToDate")
                + " )");
        if (!source) {
            resource.runHandler("after-resync-target");
        }
        resource.sendState();
    }

    /** Starts an online verify of every volume as VerifyS over {@code c}. */
    synchronized void verify(Connection c) throws StateChangeException {
        if (resource.settings().verifyAlg().isEmpty()) {
            throw new StateChangeException(StateChangeException.NO_VERIFY_ALG);
        }
        if (c == null) {
            throw new StateChangeException(StateChangeException.NEED_CONNECTION);
        }
        for (Volume v : resource.volumes()) {
            if (c.peer(v.number()).state() != ConnectionState.CONNECTED) {
                throw new StateChangeException(StateChangeException.RESYNC_RUNNING);
            }
        }
        for (Volume v : resource.volumes()) {
            PeerDevice pd = c.peer(v.number());
            pd.setState(ConnectionState.VERIFY_S);
            pd.setProgress(new SyncProgress(v.size() / Bitmap.BLOCK, resource.nowNs()));
            resource.log(v, "conn( Connected -> VerifyS )");
            resource.log(v, "Starting Online Verify from sector 0");
            VerifyWorker w = new VerifyWorker(resource, c, v, resource.settings().verifyAlg().get());
            verifies.put(v.number(), w);
            c.registerWorker(v.number(), w::stop);
            Thread.ofVirtual().name("drbd-verify").start(w);
        }
    }

    void verifyReply(Connection c, Packet p) throws IOException {
        VerifyWorker w = verifies.get(p.volume());
        if (w != null) {
            w.reply(p);
        }
    }

    synchronized void verifyTargetStarted(Connection c, Volume v) {
        PeerDevice pd = c.peer(v.number());
        if (pd.state() == ConnectionState.CONNECTED) {
            pd.setState(ConnectionState.VERIFY_T);
            pd.verifiedBlocks().set(0);
            pd.setProgress(new SyncProgress(v.size() / Bitmap.BLOCK, resource.nowNs()));
            resource.log(v, "conn( Connected -> VerifyT )");
        }
    }

    synchronized void verifyTargetDone(Connection c, Volume v) {
        PeerDevice pd = c.peer(v.number());
        if (pd.state() == ConnectionState.VERIFY_T) {
            finishVerify(pd, v, v.bitmap().weight());
        }
    }

    synchronized void verifyFinished(Connection c, Volume v, long found) {
        verifies.remove(v.number());
        finishVerify(c.peer(v.number()), v, found);
    }

    private void finishVerify(PeerDevice pd, Volume v, long found) {
        SyncProgress p = pd.progress();
        long now = resource.nowNs();
        long secs = p == null ? 1 : p.activeSeconds(now);
        long kps = p == null ? 0 : p.totalBlocks() * 4 / secs;
        resource.log(v, "Online verify done (total " + secs + " sec; paused " + (p == null ? 0 : p.pausedSeconds(now)) + " sec; "
                + kps + " K/sec)");
        if (found > 0) {
            resource.log(v, "Online verify found " + found + " 4k block out of sync!");
            resource.runHandler("out-of-sync");
        }
        try {
            v.writeBitmap();
        } catch (IOException e) {
            resource.localIoError(v, e);
        }
        lastVerifyFound.put(v.number(), found);
        pd.setProgress(null);
        pd.setState(ConnectionState.CONNECTED);
    }

    long lastVerifyFound(int volume) {
        return lastVerifyFound.getOrDefault(volume, -1L);
    }

    /** Pauses (pause-sync) or resumes (resume-sync) the resyncs running over {@code c}. */
    synchronized void pause(Connection c, boolean pause) throws StateChangeException {
        if (c == null) {
            throw new StateChangeException(StateChangeException.NEED_CONNECTION);
        }
        for (Volume v : resource.volumes()) {
            PeerDevice pd = c.peer(v.number());
            pd.setUserPaused(pause);
            ConnectionState s = pd.state();
            ConnectionState next = switch (s) {
                case SYNC_SOURCE -> pause ? ConnectionState.PAUSED_SYNC_S : s;
                case SYNC_TARGET -> pause ? ConnectionState.PAUSED_SYNC_T : s;
                case PAUSED_SYNC_S -> pause ? s : ConnectionState.SYNC_SOURCE;
                case PAUSED_SYNC_T -> pause ? s : ConnectionState.SYNC_TARGET;
                default -> s;
            };
            if (next != s) {
                pd.setState(next);
                if (pd.progress() != null) {
                    pd.progress().paused(pause, resource.nowNs());
                }
                resource.log(v, "conn( " + s.label() + " -> " + next.label() + " ) user_isp( " + (pause ? "0 -> 1" : "1 -> 0") + " )");
            }
        }
    }
}
