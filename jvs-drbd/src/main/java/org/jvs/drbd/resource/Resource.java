package org.jvs.drbd.resource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jvs.drbd.config.VolumeConfig;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.meta.GenerationIds;
import org.jvs.drbd.meta.MdFlags;
import org.jvs.drbd.meta.MetadataException;
import org.jvs.drbd.replication.Command;
import org.jvs.drbd.replication.TransferLog;
import org.jvs.drbd.state.ConnectionState;
import org.jvs.drbd.state.DiskState;
import org.jvs.drbd.state.Role;
import org.jvs.drbd.state.StateChangeException;

/**
 * A DRBD resource on this node: its attached volumes, its role, the link to the peer and the state
 * changes the administrator asks for (primary, secondary, connect, disconnect, invalidate, verify,
 * pause-sync, new-current-uuid, ...), with DRBD's rules and refusals. It keeps the connection up on
 * its own thread while networking is enabled and reacts to what the connection reports (lost,
 * resync progress and completion). Application writes pass a read lock that state changes
 * affecting replication take exclusively. Time comes from the given clock. Thread-safe.
 */
public final class Resource implements AutoCloseable {

    private final ResourceSettings settings;
    private final List<Volume> volumes;
    private final LongSupplier nanoClock;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantReadWriteLock ioGate = new ReentrantReadWriteLock(true);
    private final EventLog events = new EventLog();
    private final SyncRuns syncs = new SyncRuns(this);
    private final DiskCommands disks = new DiskCommands(this);
    private final Linker linker;
    private volatile Role role = Role.SECONDARY;
    private volatile Role peerRole = Role.UNKNOWN;
    private volatile ConnectionState cstate = ConnectionState.STAND_ALONE;
    private volatile Connection connection;
    private volatile boolean discardMyData;
    private volatile IntSupplier openCount = () -> 0;
    private volatile HandlerRunner handlers = (name, res) -> { };

    /** Runs a configured handler (split-brain, before-resync-target, ...) by name. */
    @FunctionalInterface
    public interface HandlerRunner {
        /** Runs handler {@code name} for resource {@code resource} if configured. */
        void run(String name, Resource resource);
    }

    private Resource(ResourceSettings settings, List<Volume> volumes, LongSupplier nanoClock) {
        this.settings = settings;
        this.volumes = List.copyOf(volumes);
        this.nanoClock = nanoClock;
        this.linker = new Linker(this);
    }

    /**
     * Attaches every volume of {@code settings} (a failure detaches those already attached).
     *
     * @param nanoClock monotonic nanoseconds (System::nanoTime outside tests)
     */
    public static Resource attach(ResourceSettings settings, LongSupplier nanoClock) throws IOException, MetadataException {
        List<Volume> attached = new ArrayList<>();
        try {
            for (VolumeConfig vc : settings.volumes()) {
                attached.add(Volume.attach(vc, settings.alExtents()));
            }
        } catch (IOException | MetadataException | RuntimeException e) {
            for (Volume v : attached) {
                try {
                    v.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        Resource r = new Resource(settings, attached, nanoClock);
        r.log("attached " + attached.size() + " volume(s), disk( Attaching -> " + attached.getFirst().disk().label() + " )");
        return r;
    }

    // ---- facts -----------------------------------------------------------------------------------

    /** The settings. */
    public ResourceSettings settings() {
        return settings;
    }

    /** The resource name. */
    public String name() {
        return settings.name();
    }

    /** The attached volumes. */
    public List<Volume> volumes() {
        return volumes;
    }

    /** Volume {@code number}, or null. */
    public Volume volume(int number) {
        for (Volume v : volumes) {
            if (v.number() == number) {
                return v;
            }
        }
        return null;
    }

    /** This node's role. */
    public Role role() {
        return role;
    }

    /** The peer's role (Unknown while disconnected). */
    public Role peerRole() {
        return connection == null ? Role.UNKNOWN : peerRole;
    }

    void setPeerRole(Role r) {
        this.peerRole = r;
    }

    /** The resource-wide connection state. */
    public ConnectionState connectionState() {
        return cstate;
    }

    /** The per-volume replication state ("cs:" of /proc/drbd). */
    public ConnectionState replicationState(int volume) {
        Connection c = connection;
        if (c == null || c.peer(volume) == null) {
            return cstate;
        }
        ConnectionState s = c.peer(volume).state();
        return s == ConnectionState.WF_REPORT_PARAMS ? cstate : s;
    }

    /** The peer's disk state of a volume. */
    public DiskState peerDisk(int volume) {
        Connection c = connection;
        return c == null || c.peer(volume) == null ? DiskState.DUNKNOWN : c.peer(volume).peerDisk();
    }

    /** The peer device of a volume while connected. */
    public Optional<PeerDevice> peerDevice(int volume) {
        Connection c = connection;
        return c == null ? Optional.empty() : Optional.ofNullable(c.peer(volume));
    }

    /** The resync rate the controller wants now for a volume, KiB/s (0 when not SyncTarget). */
    public long wantRateKiB(int volume) {
        return syncs.wantRateKiB(volume);
    }

    /** Blocks checked so far by a running verify of {@code volume} (-1 when none runs here as VerifyS). */
    public long verifyChecked(int volume) {
        return syncs.verifyChecked(volume);
    }

    /** Out-of-sync blocks the last verify of {@code volume} found, or -1 if none ran. */
    public long lastVerifyFound(int volume) {
        return syncs.lastVerifyFound(volume);
    }

    /** Starts an online verify of every volume as VerifyS. */
    public void verify() throws StateChangeException {
        syncs.verify(connection);
    }

    /** Pauses (pause-sync) or resumes (resume-sync) a running resync. */
    public void pauseSync(boolean pause) throws StateChangeException {
        syncs.pause(connection, pause);
    }

    /** Resync and verify runs. */
    SyncRuns syncs() {
        return syncs;
    }

    /** The transfer log of the current connection, if connected. */
    Optional<TransferLog> transferLog() {
        Connection c = connection;
        return c == null ? Optional.empty() : Optional.of(c.transferLog());
    }

    /** Lock application writes take shared and replication changes exclusive. */
    ReentrantReadWriteLock ioGate() {
        return ioGate;
    }

    /** Monotonic time, ns. */
    long nowNs() {
        return nanoClock.getAsLong();
    }

    long randomUuid() {
        return random.nextLong() & ~1L;
    }

    boolean discardMyData() {
        return discardMyData;
    }

    void clearDiscardMyData() {
        discardMyData = false;
    }

    /** How many NBD clients have the device open (for "Device is held open by someone"). */
    public void setOpenCount(IntSupplier count) {
        this.openCount = count;
    }

    /** Where configured handlers run. */
    public void setHandlers(HandlerRunner runner) {
        this.handlers = runner;
    }

    void runHandler(String name) {
        handlers.run(name, this);
    }

    // ---- log -------------------------------------------------------------------------------------

    /** Logs a resource-level event as the kernel would ("drbd demo: ..."). */
    void log(String message) {
        events.add("drbd " + name() + ": " + message);
    }

    /** Logs a volume-level event ("block drbd1: ..."). */
    void log(Volume v, String message) {
        events.add("block drbd" + v.config().minor() + ": " + message);
    }

    /** The most recent log lines, oldest first. */
    public List<String> recentLog() {
        return events.lines();
    }

    // ---- networking --------------------------------------------------------------------------------

    /** Enables networking: the resource connects to its peer and reconnects after failures. */
    public synchronized void connect(boolean discardMyData) {
        this.discardMyData = discardMyData;
        if (cstate != ConnectionState.STAND_ALONE) {
            return;
        }
        setState(ConnectionState.UNCONNECTED);
        linker.start();
    }

    /** Disables networking: drops the connection and stays StandAlone. */
    public void disconnect() throws StateChangeException {
        synchronized (this) {
            if (cstate == ConnectionState.STAND_ALONE) {
                throw new StateChangeException(StateChangeException.ALREADY_STANDALONE);
            }
            setState(ConnectionState.DISCONNECTING);
        }
        linker.stop(() -> {
            Connection c = connection;
            if (c != null) {
                c.close();
            }
        });
        synchronized (this) {
            setState(ConnectionState.STAND_ALONE);
        }
    }

    /** Drops the current connection; the linker reconnects (used to restart the handshake). */
    void reconnect() {
        Connection c = connection;
        if (c != null) {
            c.fail(ConnectionState.TEAR_DOWN, "conn( Connected -> TearDown ): renegotiating");
        }
    }

    synchronized void setState(ConnectionState s) {
        if (s != cstate) {
            log("conn( " + cstate.label() + " -> " + s.label() + " )");
            cstate = s;
        }
    }

    /** The handshake succeeded: replication runs; workers for SyncTargets start. */
    void connected(Connection c) {
        synchronized (this) {
            connection = c;
            setState(ConnectionState.CONNECTED);
        }
        for (Volume v : volumes) {
            if (c.peer(v.number()).state() == ConnectionState.SYNC_TARGET) {
                syncs.startResync(c, v);
            } else if (c.peer(v.number()).state() == ConnectionState.SYNC_SOURCE) {
                syncs.resyncProgress(c, v);
            }
        }
    }

    void handshaking(Connection c) {
        synchronized (this) {
            connection = c;
            setState(ConnectionState.WF_REPORT_PARAMS);
        }
    }

    /**
     * The connection ended: writes it had in flight go out of sync, workers stop, and a Primary
     * starts a new data generation (its peer no longer has its writes).
     */
    void connectionLost(Connection c, ConnectionState why) {
        ioGate.writeLock().lock();
        try {
            for (TransferLog.Request r : c.transferLog().connectionLost()) {
                Volume v = volume(r.volume());
                if (v != null) {
                    v.bitmap().markOutOfSync(r.offset(), r.length());
                }
            }
            synchronized (this) {
                if (connection == c) {
                    connection = null;
                }
                syncs.stopAll();
                peerRole = Role.UNKNOWN;
                if (cstate != ConnectionState.STAND_ALONE && cstate != ConnectionState.DISCONNECTING) {
                    setState(why);
                }
            }
            for (Volume v : volumes) {
                try {
                    v.updateMetadata(sb -> sb.withFlags(sb.flags() & ~MdFlags.CONNECTED_IND));
                    if (role == Role.PRIMARY && v.uuids().bitmap() == 0 && v.disk() == DiskState.UP_TO_DATE) {
                        newCurrentUuid(v);
                    }
                } catch (IOException e) {
                    localIoError(v, e);
                }
            }
        } finally {
            ioGate.writeLock().unlock();
        }
    }

    void newCurrentUuid(Volume v) throws IOException {
        GenerationIds next = v.uuids().newCurrent(randomUuid(), role == Role.PRIMARY);
        v.updateMetadata(sb -> sb.withUuids(next));
        log(v, "new current UUID " + next.formatted());
    }

    // ---- roles -------------------------------------------------------------------------------------

    /**
     * Becomes Primary. Needs UpToDate data unless {@code force} (the first promotion of fresh
     * metadata, or of Outdated data); refuses while the peer is Primary.
     */
    public void primary(boolean force) throws StateChangeException, IOException {
        ioGate.writeLock().lock();
        try {
            synchronized (this) {
                if (role == Role.PRIMARY) {
                    return;
                }
                // dual-primary is not supported: a second Primary is refused even with allow-two-primaries
                if (connection != null && peerRole == Role.PRIMARY) {
                    throw new StateChangeException(StateChangeException.TWO_PRIMARIES);
                }
                boolean forced = false;
                for (Volume v : volumes) {
                    if (v.disk() != DiskState.UP_TO_DATE) {
                        if (!force || v.disk().ordinal() < DiskState.INCONSISTENT.ordinal()) {
                            throw new StateChangeException(StateChangeException.NO_UP_TO_DATE_DISK);
                        }
                        if (connection != null && replicationState(v.number()).syncing()) {
                            throw new StateChangeException(StateChangeException.NO_UP_TO_DATE_DISK);
                        }
                        forced = true;
                    }
                }
                role = Role.PRIMARY;
                log("role( Secondary -> Primary )");
                boolean needResync = false;
                for (Volume v : volumes) {
                    boolean wasForced = v.disk() != DiskState.UP_TO_DATE;
                    if (wasForced) {
                        log(v, "Forced to consider local data as UpToDate!");
                        v.setDisk(DiskState.UP_TO_DATE);
                    }
                    boolean disconnected = connection == null;
                    if ((disconnected && v.uuids().bitmap() == 0) || wasForced) {
                        newCurrentUuid(v);
                    }
                    v.updateMetadata(sb -> sb.withUuids(sb.uuids().withRole(true))
                            .withFlags(sb.flags() | MdFlags.PRIMARY_IND | MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE));
                    needResync |= wasForced && connection != null;
                }
                sendState();
                if (forced && needResync) {
                    // the peer must learn the new generation: renegotiate, which starts the full sync
                    reconnect();
                }
            }
        } finally {
            ioGate.writeLock().unlock();
        }
    }

    /** Becomes Secondary; refused while a client has the device open. */
    public void secondary() throws StateChangeException, IOException {
        ioGate.writeLock().lock();
        try {
            synchronized (this) {
                if (role == Role.SECONDARY) {
                    return;
                }
                if (openCount.getAsInt() > 0) {
                    throw new StateChangeException(StateChangeException.DEVICE_IN_USE);
                }
                Connection c = connection;
                if (c != null) {
                    try {
                        c.flushPeer();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                role = Role.SECONDARY;
                log("role( Primary -> Secondary )");
                for (Volume v : volumes) {
                    v.updateMetadata(sb -> sb.withUuids(sb.uuids().withRole(false)).withFlags(sb.flags() & ~MdFlags.PRIMARY_IND));
                }
                sendState();
            }
        } finally {
            ioGate.writeLock().unlock();
        }
    }

    void sendState() {
        Connection c = connection;
        if (c == null) {
            return;
        }
        try {
            for (Volume v : volumes) {
                c.sendData(Command.STATE, v.number(), ByteBuffer.allocate(2).put((byte) role.ordinal())
                        .put((byte) v.disk().ordinal()).flip());
            }
        } catch (IOException e) {
            c.fail(ConnectionState.NETWORK_FAILURE, "sending state: " + e.getMessage());
        }
    }

    /** invalidate: the local data is discarded and fully resynced from the peer. */
    public void invalidate() throws StateChangeException, IOException {
        disks.invalidate();
    }

    /** invalidate-remote: the peer's data is discarded and fully resynced from here. */
    public void invalidateRemote() throws StateChangeException, IOException {
        disks.invalidateRemote(connection);
    }

    /**
     * new-current-uuid: starts a new data generation; with {@code clearBitmap} on a connected pair
     * of fresh disks, both become UpToDate without the initial sync.
     */
    public void newCurrentUuid(boolean clearBitmap) throws StateChangeException, IOException {
        disks.newCurrentUuid(clearBitmap);
    }

    /** outdate: marks consistent data Outdated; refused while connected. */
    public void outdate() throws StateChangeException, IOException {
        disks.outdate(connection);
    }

    /** Disk and generation commands. */
    DiskCommands disks() {
        return disks;
    }

    /** The current connection, or null. */
    Connection connection() {
        return connection;
    }

    /** A backing device failed: with on-io-error detach the disk goes Failed and no longer serves I/O. */
    void localIoError(Volume v, IOException e) {
        log(v, "local disk I/O error: " + e.getMessage());
        if (settings.onIoError().equals("detach")) {
            v.setDisk(DiskState.FAILED);
            log(v, "disk( UpToDate -> Failed ): on-io-error detach");
        }
        runHandler("local-io-error");
    }

    /** Whether application I/O is allowed: Primary with UpToDate data. */
    public boolean serving(Volume v) {
        return role == Role.PRIMARY && v.disk() == DiskState.UP_TO_DATE;
    }

    /** Connection to use for a write of {@code v} right now, if it is replicated (caller holds the read gate). */
    Optional<Connection> replicatingConnection(Volume v) {
        Connection c = connection;
        if (c == null || c.ended()) {
            return Optional.empty();
        }
        PeerDevice pd = c.peer(v.number());
        return pd != null && pd.replicating() ? Optional.of(c) : Optional.empty();
    }

    /** Stops networking and detaches every volume with clean metadata (down). */
    @Override
    public void close() throws IOException {
        try {
            disconnect();
        } catch (StateChangeException e) {
            // already StandAlone
        }
        role = Role.SECONDARY;
        IOException failure = null;
        for (Volume v : volumes) {
            try {
                v.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        log("disk( UpToDate -> Diskless ): detached");
        if (failure != null) {
            throw failure;
        }
    }
}
