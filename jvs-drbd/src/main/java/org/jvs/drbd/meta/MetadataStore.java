package org.jvs.drbd.meta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The internal metadata of one volume on its backing device: reading and writing the superblock,
 * the bitmap pages and the activity log blocks at the places {@link MetadataLayout} gives.
 * Writes that must be durable before the caller goes on (superblock, AL transactions) are followed
 * by a flush. Thread-safe as far as the backing device is (positional I/O); the bitmap whose pages
 * it writes is set with {@link #attachBitmap}.
 */
public final class MetadataStore implements ActivityLog.Disk {
    private final BackingDevice device;
    private final MetadataLayout layout;
    private volatile Bitmap bitmap;

    private MetadataStore(BackingDevice device, MetadataLayout layout) {
        this.device = device;
        this.layout = layout;
    }

    /** The metadata area of {@code device} with the default activity log geometry. */
    public static MetadataStore of(BackingDevice device) throws MetadataException {
        return of(device, MetadataLayout.DEFAULT_AL_STRIPES, MetadataLayout.DEFAULT_AL_STRIPE_SIZE_4K);
    }

    /** The metadata area of {@code device} with the given activity log geometry. */
    public static MetadataStore of(BackingDevice device, int alStripes, int alStripeSize4k) throws MetadataException {
        if (device.size() < MetadataLayout.MIN_BACKING_BYTES) {
            throw new MetadataException(device.path() + " is only " + device.size() + " bytes. That's not enough.");
        }
        return new MetadataStore(device, MetadataLayout.internal(device.size(), alStripes, alStripeSize4k));
    }

    /** The backing device. */
    public BackingDevice device() {
        return device;
    }

    /** Where everything is. */
    public MetadataLayout layout() {
        return layout;
    }

    /** The superblock as stored, unvalidated. */
    public Superblock readRawSuperblock() throws IOException {
        return Superblock.decode(ByteBuffer.wrap(device.read(layout.mdOffset(), Superblock.SIZE)));
    }

    /**
     * The superblock, checked to be v08 metadata that fits this device.
     *
     * @throws MetadataException when there is none or it does not fit (its message says why)
     */
    public Superblock readSuperblock() throws IOException, MetadataException {
        Superblock sb = readRawSuperblock();
        var problem = sb.problem(layout);
        if (problem.isPresent()) {
            throw new MetadataException(problem.get() + "\nNo valid meta data found on " + device.path());
        }
        return sb;
    }

    /** This device's layout as the superblock found there describes it (its own AL geometry). */
    public MetadataStore forSuperblock(Superblock sb) {
        return new MetadataStore(device, sb.layout(device.size()));
    }

    /** Writes the superblock and makes it durable. */
    public void writeSuperblock(Superblock sb) throws IOException {
        device.write(layout.mdOffset(), sb.encode());
        device.flush();
    }

    /** Overwrites the superblock with zeros (wipe-md). */
    public void wipeSuperblock() throws IOException {
        device.write(layout.mdOffset(), new byte[Superblock.SIZE]);
        device.flush();
    }

    /** Writes every AL block as "initialized" (an empty log) and flushes. */
    public void initializeAlOnly() throws IOException {
        byte[] al = ActivityLog.initializedBlock();
        for (int i = 0; i < layout.alBlocks(); i++) {
            device.write(layout.alOffset() + 4096L * i, al);
        }
        device.flush();
    }

    /** Writes every AL block as "initialized" and zeroes the whole bitmap area (create-md). */
    public void initializeAlAndBitmap() throws IOException {
        initializeAlOnly();
        byte[] zeros = new byte[64 * 1024];
        for (long off = 0; off < layout.bitmapAreaBytes(); off += zeros.length) {
            int n = (int) Math.min(zeros.length, layout.bitmapAreaBytes() - off);
            device.write(layout.bmOffset() + off, ByteBuffer.wrap(zeros, 0, n));
        }
        device.flush();
    }

    /** Reads the on-disk bitmap into {@code bm} (its size decides how much is read). */
    public void loadBitmap(Bitmap bm) throws IOException {
        for (int p = 0; p < bm.pageCount(); p++) {
            bm.loadPage(p, ByteBuffer.wrap(device.read(layout.bmOffset() + 4096L * p, 4096)));
        }
    }

    /** The bitmap whose changed pages this store writes on eviction and on {@link #writeBitmap()}. */
    public void attachBitmap(Bitmap bm) {
        this.bitmap = bm;
    }

    /** Writes the pages of the attached bitmap changed since the last write, then flushes. */
    public void writeBitmap() throws IOException {
        Bitmap bm = bitmap;
        if (bm == null) {
            return;
        }
        IOException[] failure = new IOException[1];
        bm.drainDirtyPages(p -> {
            try {
                device.write(layout.bmOffset() + 4096L * p, bm.encodePage(p));
            } catch (IOException e) {
                bm.markAllDirty();
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        device.flush();
    }

    /** The AL blocks in ring order. */
    public List<ByteBuffer> readAlBlocks() throws IOException {
        List<ByteBuffer> blocks = new ArrayList<>();
        for (int i = 0; i < layout.alBlocks(); i++) {
            blocks.add(ByteBuffer.wrap(device.read(layout.alOffset() + 4096L * i, 4096)));
        }
        return blocks;
    }

    @Override
    public void writeAlBlock(int block, byte[] data) throws IOException {
        device.write(layout.alOffset() + 4096L * block, data);
        device.flush();
    }

    @Override
    public void beforeEviction() throws IOException {
        writeBitmap();
    }
}
