package org.jvs.drbd.resource;

import java.io.IOException;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.meta.GenerationIds;
import org.jvs.drbd.meta.MdFlags;
import org.jvs.drbd.replication.Command;
import org.jvs.drbd.state.ConnectionState;
import org.jvs.drbd.state.DiskState;
import org.jvs.drbd.state.Role;
import org.jvs.drbd.state.StateChangeException;

/**
 * The administrator's commands on disk states and data generations: invalidate (this node's data
 * resynced fully from the peer), invalidate-remote, new-current-uuid (with --clear-bitmap: a fresh
 * pair declared in sync without the initial sync), outdate. Changes that affect replication hold
 * the resource's I/O gate exclusively. Thread-safe.
 */
final class DiskCommands {
    private final Resource resource;

    DiskCommands(Resource resource) {
        this.resource = resource;
    }

    /** invalidate: the local data is discarded and fully resynced from the peer. */
    void invalidate() throws StateChangeException, IOException {
        resource.ioGate().writeLock().lock();
        try {
            synchronized (resource) {
                if (resource.role() == Role.PRIMARY && resource.connection() != null) {
                    throw new StateChangeException(StateChangeException.NO_UP_TO_DATE_DISK);
                }
                for (Volume v : resource.volumes()) {
                    v.bitmap().setAll();
                    v.setDisk(DiskState.INCONSISTENT);
                    v.updateMetadata(sb -> sb.withFlags((sb.flags() & ~(MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE))
                            | MdFlags.FULL_SYNC));
                    resource.log(v, "disk( UpToDate -> Inconsistent ): invalidated");
                }
                resource.sendState();
                resource.reconnect();
            }
        } finally {
            resource.ioGate().writeLock().unlock();
        }
    }

    /** invalidate-remote over {@code c}: the peer's data is discarded and fully resynced from here. */
    void invalidateRemote(Connection c) throws StateChangeException, IOException {
        if (c == null) {
            throw new StateChangeException(StateChangeException.NEED_CONNECTION);
        }
        for (Volume v : resource.volumes()) {
            if (v.disk() != DiskState.UP_TO_DATE) {
                throw new StateChangeException(StateChangeException.NO_UP_TO_DATE_DISK);
            }
            c.sendData(Command.BECOME_SYNC_TARGET, v.number());
        }
    }

    /** The peer asked this node to invalidate itself (its invalidate-remote). */
    void peerInvalidates(Connection c) {
        Thread.ofVirtual().start(() -> {
            try {
                invalidate();
            } catch (StateChangeException | IOException e) {
                resource.log("invalidate requested by peer refused: " + e.getMessage());
            }
        });
    }

    /**
     * new-current-uuid: starts a new data generation; with {@code clearBitmap} on a connected pair
     * of fresh disks, both become UpToDate without the initial sync.
     */
    void newCurrentUuid(boolean clearBitmap) throws StateChangeException, IOException {
        resource.ioGate().writeLock().lock();
        try {
            synchronized (resource) {
                Connection c = resource.connection();
                for (Volume v : resource.volumes()) {
                    if (clearBitmap) {
                        if (c == null || c.peer(v.number()).state() != ConnectionState.CONNECTED) {
                            throw new StateChangeException(StateChangeException.NEED_CONNECTION);
                        }
                        long fresh = resource.randomUuid();
                        GenerationIds u = new GenerationIds(resource.role() == Role.PRIMARY ? fresh | 1 : fresh, 0, 0, 0);
                        v.bitmap().clearAll();
                        v.setDisk(DiskState.UP_TO_DATE);
                        v.updateMetadata(sb -> sb.withUuids(u).withFlags(sb.flags() | MdFlags.CONSISTENT
                                | MdFlags.WAS_UP_TO_DATE));
                        c.peer(v.number()).setPeerDisk(DiskState.UP_TO_DATE);
                        c.sendData(Command.UUIDS, v.number(), Wire.longs(u.current(), 0, 0, 0, 0,
                                ConnectionHandshake.FLAG_SKIP_INITIAL_SYNC));
                        resource.log(v, "new current UUID " + u.formatted() + ", bitmap cleared: no initial sync");
                    } else {
                        resource.newCurrentUuid(v);
                    }
                }
                resource.sendState();
            }
        } finally {
            resource.ioGate().writeLock().unlock();
        }
    }

    /** The peer cleared the bitmap of a fresh pair: adopt its generation, both UpToDate. */
    void skipInitialSync(Connection c, Volume v, GenerationIds peer) throws IOException {
        GenerationIds u = new GenerationIds(resource.role() == Role.PRIMARY ? peer.current() | 1 : peer.current() & ~1L, 0, 0, 0);
        v.bitmap().clearAll();
        v.setDisk(DiskState.UP_TO_DATE);
        v.updateMetadata(sb -> sb.withUuids(u).withFlags(sb.flags() | MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE));
        c.peer(v.number()).setPeerDisk(DiskState.UP_TO_DATE);
        resource.log(v, "peer cleared the bitmap: no initial sync, " + u.formatted());
        resource.sendState();
    }

    /** outdate: marks consistent data Outdated; refused while connected ({@code c} not null). */
    void outdate(Connection c) throws StateChangeException, IOException {
        if (c != null) {
            throw new StateChangeException(-6);
        }
        for (Volume v : resource.volumes()) {
            if (!v.disk().consistent()) {
                throw new StateChangeException(StateChangeException.LOWER_THAN_OUTDATED);
            }
            v.setDisk(DiskState.OUTDATED);
            v.updateMetadata(sb -> sb.withFlags(sb.flags() & ~MdFlags.WAS_UP_TO_DATE));
        }
    }
}
