package org.jvs.drbd.resource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jvs.drbd.config.VolumeConfig;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.meta.Bitmap;
import org.jvs.drbd.meta.GenerationIds;
import org.jvs.drbd.meta.MdFlags;
import org.jvs.drbd.meta.MetadataException;
import org.jvs.drbd.replication.Command;
import org.jvs.drbd.replication.Packet;
import org.jvs.drbd.replication.TransferLog;
import org.jvs.drbd.state.ConnectionState;
import org.jvs.drbd.state.DiskState;
import org.jvs.drbd.state.Role;
import org.jvs.drbd.state.StateChangeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DRBD resource on this node: its attached volumes, its role, the link to the peer and the state
 * changes the administrator asks for (primary, secondary, connect, disconnect, invalidate, verify,
 * pause-sync, new-current-uuid, ...), with DRBD's rules and refusals. It keeps the connection up on
 * its own thread while networking is enabled and reacts to what the connection reports (lost,
 * resync progress and completion). Application writes pass a read lock that state changes
 * affecting replication take exclusively. Time comes from the given clock. Thread-safe.
 */
public final class Resource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Resource.class);
    private static final int LOG_LINES = 500;

    private final ResourceSettings settings;
    private final List<Volume> volumes;
    private final LongSupplier nanoClock;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantReadWriteLock ioGate = new ReentrantReadWriteLock(true);
    private final Deque<String> recentLog = new ArrayDeque<>();
    private final Map<Integer, ResyncWorker> resyncs = new ConcurrentHashMap<>();
    private final Map<Integer, VerifyWorker> verifies = new ConcurrentHashMap<>();
    private final Map<Integer, Long> lastVerifyFound = new ConcurrentHashMap<>();
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
        ResyncWorker w = resyncs.get(volume);
        return w == null ? 0 : w.wantRateKiB();
    }

    /** Blocks checked so far by a running verify of {@code volume} (-1 when none runs here as VerifyS). */
    public long verifyChecked(int volume) {
        VerifyWorker w = verifies.get(volume);
        return w == null ? -1 : w.checkedBlocks();
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
        String line = "drbd " + name() + ": " + message;
        LOG.info(line);
        remember(line);
    }

    /** Logs a volume-level event ("block drbd1: ..."). */
    void log(Volume v, String message) {
        String line = "block drbd" + v.config().minor() + ": " + message;
        LOG.info(line);
        remember(line);
    }

    private void remember(String line) {
        synchronized (recentLog) {
            recentLog.addLast(line);
            while (recentLog.size() > LOG_LINES) {
                recentLog.removeFirst();
            }
        }
    }

    /** The most recent log lines, oldest first. */
    public List<String> recentLog() {
        synchronized (recentLog) {
            return List.copyOf(recentLog);
        }
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
                startResync(c, v);
            } else if (c.peer(v.number()).state() == ConnectionState.SYNC_SOURCE) {
                resyncProgress(c, v);
            }
        }
    }

    void handshaking(Connection c) {
        synchronized (this) {
            connection = c;
            setState(ConnectionState.WF_REPORT_PARAMS);
        }
    }

    private void startResync(Connection c, Volume v) {
        ResyncWorker w = new ResyncWorker(this, c, v);
        resyncs.put(v.number(), w);
        c.registerWorker(v.number(), w::stop);
        Thread.ofVirtual().name("drbd-resync").start(w);
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
                resyncs.values().forEach(ResyncWorker::stop);
                resyncs.clear();
                verifies.values().forEach(VerifyWorker::stop);
                verifies.clear();
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

    private void newCurrentUuid(Volume v) throws IOException {
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
                if (connection != null && peerRole == Role.PRIMARY && !settings.allowTwoPrimaries()) {
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

    private void sendState() {
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

    // ---- resync, verify -----------------------------------------------------------------------------

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
            p.mark(v.bitmap().weight(), nowNs());
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
        long now = nowNs();
        long secs = p == null ? 1 : p.activeSeconds(now);
        long paused = p == null ? 0 : p.pausedSeconds(now);
        long kps = p == null ? 0 : p.totalBlocks() * 4 / secs;
        try {
            if (source) {
                v.updateMetadata(sb -> sb.withUuids(sb.uuids().bitmapToHistory()));
            } else {
                GenerationIds peer = pd.peerUuids();
                v.updateMetadata(sb -> sb.withUuids(sb.uuids().finishSyncTarget(peer, role == Role.PRIMARY))
                        .withFlags(sb.flags() | MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE));
                v.setDisk(DiskState.UP_TO_DATE);
            }
        } catch (IOException e) {
            localIoError(v, e);
            return;
        }
        pd.setPeerDisk(DiskState.UP_TO_DATE);
        pd.setState(ConnectionState.CONNECTED);
        pd.setProgress(null);
        resyncs.remove(v.number());
        log(v, "Resync done (total " + (secs + paused) + " sec; paused " + paused + " sec; " + kps + " K/sec)");
        log(v, "conn( " + was.label() + " -> Connected ) disk( " + (source ? "UpToDate" : "Inconsistent -> UpToDate")
                + " )");
        if (!source) {
            runHandler("after-resync-target");
        }
        sendState();
    }

    /** Starts an online verify of every volume as VerifyS. */
    public synchronized void verify() throws StateChangeException {
        if (settings.verifyAlg().isEmpty()) {
            throw new StateChangeException(StateChangeException.NO_VERIFY_ALG);
        }
        Connection c = connection;
        if (c == null) {
            throw new StateChangeException(StateChangeException.NEED_CONNECTION);
        }
        for (Volume v : volumes) {
            if (c.peer(v.number()).state() != ConnectionState.CONNECTED) {
                throw new StateChangeException(StateChangeException.RESYNC_RUNNING);
            }
        }
        for (Volume v : volumes) {
            PeerDevice pd = c.peer(v.number());
            pd.setState(ConnectionState.VERIFY_S);
            pd.setProgress(new SyncProgress(v.size() / Bitmap.BLOCK, nowNs()));
            log(v, "conn( Connected -> VerifyS )");
            log(v, "Starting Online Verify from sector 0");
            VerifyWorker w = new VerifyWorker(this, c, v, settings.verifyAlg().get());
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
            pd.setProgress(new SyncProgress(v.size() / Bitmap.BLOCK, nowNs()));
            log(v, "conn( Connected -> VerifyT )");
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
        long now = nowNs();
        long secs = p == null ? 1 : p.activeSeconds(now);
        long kps = p == null ? 0 : p.totalBlocks() * 4 / secs;
        log(v, "Online verify done (total " + secs + " sec; paused " + (p == null ? 0 : p.pausedSeconds(now)) + " sec; "
                + kps + " K/sec)");
        if (found > 0) {
            log(v, "Online verify found " + found + " 4k block out of sync!");
            runHandler("out-of-sync");
        }
        try {
            v.writeBitmap();
        } catch (IOException e) {
            localIoError(v, e);
        }
        lastVerifyFound.put(v.number(), found);
        pd.setProgress(null);
        pd.setState(ConnectionState.CONNECTED);
    }

    /** Out-of-sync blocks the last verify of {@code volume} found, or -1 if none ran. */
    public long lastVerifyFound(int volume) {
        return lastVerifyFound.getOrDefault(volume, -1L);
    }

    /** Pauses (pause-sync) or resumes (resume-sync) a running resync. */
    public synchronized void pauseSync(boolean pause) throws StateChangeException {
        Connection c = connection;
        if (c == null) {
            throw new StateChangeException(StateChangeException.NEED_CONNECTION);
        }
        for (Volume v : volumes) {
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
                    pd.progress().paused(pause, nowNs());
                }
                log(v, "conn( " + s.label() + " -> " + next.label() + " ) user_isp( " + (pause ? "0 -> 1" : "1 -> 0") + " )");
            }
        }
    }

    /** invalidate: the local data is discarded and fully resynced from the peer. */
    public void invalidate() throws StateChangeException, IOException {
        ioGate.writeLock().lock();
        try {
            synchronized (this) {
                if (role == Role.PRIMARY && connection != null) {
                    throw new StateChangeException(StateChangeException.NO_UP_TO_DATE_DISK);
                }
                for (Volume v : volumes) {
                    v.bitmap().setAll();
                    v.setDisk(DiskState.INCONSISTENT);
                    v.updateMetadata(sb -> sb.withFlags((sb.flags() & ~(MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE))
                            | MdFlags.FULL_SYNC));
                    log(v, "disk( UpToDate -> Inconsistent ): invalidated");
                }
                sendState();
                reconnect();
            }
        } finally {
            ioGate.writeLock().unlock();
        }
    }

    /** invalidate-remote: the peer's data is discarded and fully resynced from here. */
    public synchronized void invalidateRemote() throws StateChangeException, IOException {
        Connection c = connection;
        if (c == null) {
            throw new StateChangeException(StateChangeException.NEED_CONNECTION);
        }
        for (Volume v : volumes) {
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
                log("invalidate requested by peer refused: " + e.getMessage());
            }
        });
    }

    /**
     * new-current-uuid: starts a new data generation; with {@code clearBitmap} on a connected pair
     * of fresh disks, both become UpToDate without the initial sync.
     */
    public void newCurrentUuid(boolean clearBitmap) throws StateChangeException, IOException {
        ioGate.writeLock().lock();
        try {
            synchronized (this) {
                Connection c = connection;
                for (Volume v : volumes) {
                    if (clearBitmap) {
                        if (c == null || c.peer(v.number()).state() != ConnectionState.CONNECTED) {
                            throw new StateChangeException(StateChangeException.NEED_CONNECTION);
                        }
                        long fresh = randomUuid();
                        GenerationIds u = new GenerationIds(role == Role.PRIMARY ? fresh | 1 : fresh, 0, 0, 0);
                        v.bitmap().clearAll();
                        v.setDisk(DiskState.UP_TO_DATE);
                        v.updateMetadata(sb -> sb.withUuids(u).withFlags(sb.flags() | MdFlags.CONSISTENT
                                | MdFlags.WAS_UP_TO_DATE));
                        c.peer(v.number()).setPeerDisk(DiskState.UP_TO_DATE);
                        c.sendData(Command.UUIDS, v.number(), Wire.longs(u.current(), 0, 0, 0, 0,
                                ConnectionHandshake.FLAG_SKIP_INITIAL_SYNC));
                        log(v, "new current UUID " + u.formatted() + ", bitmap cleared: no initial sync");
                    } else {
                        newCurrentUuid(v);
                    }
                }
                sendState();
            }
        } finally {
            ioGate.writeLock().unlock();
        }
    }

    /** The peer cleared the bitmap of a fresh pair: adopt its generation, both UpToDate. */
    synchronized void skipInitialSync(Connection c, Volume v, GenerationIds peer) throws IOException {
        GenerationIds u = new GenerationIds(role == Role.PRIMARY ? peer.current() | 1 : peer.current() & ~1L, 0, 0, 0);
        v.bitmap().clearAll();
        v.setDisk(DiskState.UP_TO_DATE);
        v.updateMetadata(sb -> sb.withUuids(u).withFlags(sb.flags() | MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE));
        c.peer(v.number()).setPeerDisk(DiskState.UP_TO_DATE);
        log(v, "peer cleared the bitmap: no initial sync, " + u.formatted());
        sendState();
    }

    /** outdate: marks consistent data Outdated; refused while connected. */
    public synchronized void outdate() throws StateChangeException, IOException {
        if (connection != null) {
            throw new StateChangeException(-6);
        }
        for (Volume v : volumes) {
            if (!v.disk().consistent()) {
                throw new StateChangeException(StateChangeException.LOWER_THAN_OUTDATED);
            }
            v.setDisk(DiskState.OUTDATED);
            v.updateMetadata(sb -> sb.withFlags(sb.flags() & ~MdFlags.WAS_UP_TO_DATE));
        }
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
