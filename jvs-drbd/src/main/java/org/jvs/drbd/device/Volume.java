package org.jvs.drbd.device;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.jvs.drbd.config.VolumeConfig;
import org.jvs.drbd.meta.ActivityLog;
import org.jvs.drbd.meta.BackingDevice;
import org.jvs.drbd.meta.Bitmap;
import org.jvs.drbd.meta.Drbdmeta;
import org.jvs.drbd.meta.GenerationIds;
import org.jvs.drbd.meta.MdFlags;
import org.jvs.drbd.meta.MetadataException;
import org.jvs.drbd.meta.MetadataStore;
import org.jvs.drbd.meta.Superblock;
import org.jvs.drbd.state.DiskState;

/**
 * One attached volume on this node: the backing device, its metadata (superblock, bitmap,
 * activity log), its disk state and its counters. Attaching replays an unclean activity log (a
 * crashed Primary) into the bitmap and marks the metadata in use; detaching writes everything back
 * and marks it clean. Metadata updates are serialised on the volume. Thread-safe.
 */
public final class Volume implements AutoCloseable {
    private final VolumeConfig config;
    private final BackingDevice backing;
    private final MetadataStore store;
    private final Bitmap bitmap;
    private final ActivityLog activityLog;
    private final long sizeBytes;
    private final boolean crashedPrimary;
    private final RegionLocks regions = new RegionLocks();
    private final VolumeStats stats = new VolumeStats();
    private Superblock superblock;
    private volatile DiskState disk;

    private Volume(VolumeConfig config, BackingDevice backing, MetadataStore store, Superblock sb, Bitmap bitmap,
                   int alExtents, long sizeBytes, boolean crashedPrimary) {
        this.config = config;
        this.backing = backing;
        this.store = store;
        this.superblock = sb;
        this.bitmap = bitmap;
        this.sizeBytes = sizeBytes;
        this.crashedPrimary = crashedPrimary;
        long next = 0;
        try {
            next = ActivityLog.replay(store.readAlBlocks()).nextTransaction();
        } catch (IOException e) {
            // an unreadable log only means starting the numbering at 0
        }
        this.activityLog = new ActivityLog(store, alExtents, sb.alStripes(), sb.alStripeSize4k(), next);
        this.disk = diskStateOf(sb.flags());
    }

    /**
     * Attaches the backing device of {@code config}: validates the metadata, applies an unclean
     * activity log, loads the bitmap and marks the metadata in use.
     *
     * @throws MetadataException when there is no valid metadata (nothing is written then)
     */
    public static Volume attach(VolumeConfig config, int alExtents) throws IOException, MetadataException {
        BackingDevice dev = BackingDevice.open(Path.of(config.disk()));
        try {
            MetadataStore probe = MetadataStore.of(dev);
            Superblock raw = probe.readRawSuperblock();
            MetadataStore store = raw.problem(probe.layout()).isEmpty() ? probe.forSuperblock(raw) : probe;
            Superblock sb = store.readSuperblock();
            if (!sb.alClean()) {
                sb = Drbdmeta.applyActivityLog(store, sb);
            }
            boolean crashed = (sb.flags() & MdFlags.PRIMARY_IND) != 0;
            long usable = store.layout().maxUsableSectors();
            long sectors = sb.laSizeSect() != 0 ? Math.min(sb.laSizeSect(), usable) : usable;
            Bitmap bm = Bitmap.forSectors(sectors);
            store.loadBitmap(bm);
            store.attachBitmap(bm);
            int flags = sb.flags() & ~MdFlags.AL_CLEAN;
            if (crashed) {
                flags |= MdFlags.CRASHED_PRIMARY;
            }
            sb = sb.withFlags(flags).withMagic(Superblock.MAGIC_84_UNCLEAN).withSizes(sectors, alExtents);
            store.writeSuperblock(sb);
            return new Volume(config, dev, store, sb, bm, alExtents, sectors * 512, crashed);
        } catch (IOException | MetadataException | RuntimeException e) {
            dev.close();
            throw e;
        }
    }

    /**
     * The disk state recorded flags give at attach: consistent and up to date is UpToDate (with
     * fencing dont-care DRBD promotes Consistent so), consistent only is Outdated.
     */
    static DiskState diskStateOf(int flags) {
        if ((flags & MdFlags.CONSISTENT) == 0) {
            return DiskState.INCONSISTENT;
        }
        return (flags & MdFlags.WAS_UP_TO_DATE) != 0 ? DiskState.UP_TO_DATE : DiskState.OUTDATED;
    }

    /** The volume's configuration. */
    public VolumeConfig config() {
        return config;
    }

    /** The volume number. */
    public int number() {
        return config.number();
    }

    /** Size of the data area served, bytes. */
    public long size() {
        return sizeBytes;
    }

    /** The out-of-sync bitmap. */
    public Bitmap bitmap() {
        return bitmap;
    }

    /** The activity log. */
    public ActivityLog activityLog() {
        return activityLog;
    }

    /** Locks that order application writes against resync reads. */
    public RegionLocks regions() {
        return regions;
    }

    /** Counters. */
    public VolumeStats stats() {
        return stats;
    }

    /** Whether the metadata said this node crashed while Primary. */
    public boolean crashedPrimary() {
        return crashedPrimary;
    }

    /** The disk state. */
    public DiskState disk() {
        return disk;
    }

    /** Sets the disk state (the caller records it in the flags when it must persist). */
    public void setDisk(DiskState d) {
        this.disk = d;
    }

    /** The superblock as last written. */
    public synchronized Superblock superblock() {
        return superblock;
    }

    /** The generation identifiers. */
    public synchronized GenerationIds uuids() {
        return superblock.uuids();
    }

    /** Changes the superblock and writes it durably (the bitmap's changed pages first). */
    public synchronized Superblock updateMetadata(UnaryOperator<Superblock> change) throws IOException {
        Superblock next = change.apply(superblock);
        store.writeBitmap();
        stats.bitmapWrites.incrementAndGet();
        store.writeSuperblock(next);
        superblock = next;
        return next;
    }

    /** Writes the bitmap's changed pages. */
    public void writeBitmap() throws IOException {
        store.writeBitmap();
        stats.bitmapWrites.incrementAndGet();
    }

    /** Reads from the data area. */
    public void read(long offset, ByteBuffer dst) throws IOException {
        int n = dst.remaining();
        stats.localPending.incrementAndGet();
        try {
            backing.read(offset, dst);
        } finally {
            stats.localPending.decrementAndGet();
        }
        stats.diskRead.addAndGet(n);
    }

    /** Writes to the data area; with {@code durable} flushed before returning. */
    public void write(long offset, ByteBuffer src, boolean durable) throws IOException {
        int n = src.remaining();
        stats.localPending.incrementAndGet();
        try {
            backing.write(offset, src);
            if (durable) {
                backing.flush();
            }
        } finally {
            stats.localPending.decrementAndGet();
        }
        stats.diskWritten.addAndGet(n);
    }

    /** Makes completed writes durable. */
    public void flush() throws IOException {
        backing.flush();
    }

    /** Writes the bitmap and a clean superblock (not Primary any more, log applied) and closes. */
    @Override
    public synchronized void close() throws IOException {
        try {
            store.writeBitmap();
            store.initializeAlOnly();
            int flags = (superblock.flags() | MdFlags.AL_CLEAN) & ~(MdFlags.PRIMARY_IND | MdFlags.CRASHED_PRIMARY);
            store.writeSuperblock(superblock.withFlags(flags).withMagic(Superblock.MAGIC_08));
        } finally {
            backing.close();
        }
    }
}
