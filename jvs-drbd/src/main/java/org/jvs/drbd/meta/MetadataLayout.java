package org.jvs.drbd.meta;

/**
 * Where DRBD 8.4's flexible internal metadata sits at the end of a backing device, computed as
 * drbdmeta does: the 4 KiB superblock in the last 4 KiB-aligned block, the activity log right
 * before it, the bitmap (one bit per 4 KiB, 64-bit words, rounded to 4 KiB) before that; the data
 * area is everything in front of the bitmap. Offsets inside the superblock are signed 512-byte
 * sector counts relative to the superblock. Immutable.
 *
 * @param backingBytes   size of the backing file or device in bytes
 * @param mdOffset       byte offset of the superblock
 * @param mdSizeSect     metadata size in sectors (superblock + AL + bitmap)
 * @param alOffsetSect   AL position relative to the superblock, sectors (negative)
 * @param bmOffsetSect   bitmap position relative to the superblock, sectors (negative)
 * @param alStripes      activity log stripes (1 unless created otherwise)
 * @param alStripeSize4k activity log stripe size in 4 KiB blocks (8 = 32 KiB)
 */
public record MetadataLayout(long backingBytes, long mdOffset, int mdSizeSect, int alOffsetSect, int bmOffsetSect,
                             int alStripes, int alStripeSize4k) {
    /** Bytes of data one bitmap bit stands for. */
    public static final int BYTES_PER_BIT = 4096;
    /** drbdmeta refuses devices smaller than this (it reads the first 68 KiB to look for data). */
    public static final long MIN_BACKING_BYTES = 68 * 1024;
    /** Default activity log geometry: one stripe of 8 blocks (32 KiB). */
    public static final int DEFAULT_AL_STRIPES = 1;
    /** Default activity log stripe size in 4 KiB blocks. */
    public static final int DEFAULT_AL_STRIPE_SIZE_4K = 8;
    private static final int SUPERBLOCK_SECT = 8;

    /** The layout for a backing device of {@code backingBytes} with the default activity log. */
    public static MetadataLayout internal(long backingBytes) {
        return internal(backingBytes, DEFAULT_AL_STRIPES, DEFAULT_AL_STRIPE_SIZE_4K);
    }

    /** The layout for a backing device of {@code backingBytes} and the given activity log geometry. */
    public static MetadataLayout internal(long backingBytes, int alStripes, int alStripeSize4k) {
        if (backingBytes < MIN_BACKING_BYTES) {
            throw new IllegalArgumentException("backing device of " + backingBytes + " bytes is too small");
        }
        int alSect = alStripes * alStripeSize4k * 8;
        long mdOffset = (backingBytes - 4096) & ~4095L;
        long bmSect = align(bitmapBytes(backingBytes >> 9) >> 9, 8);
        int mdSize = (int) (bmSect + SUPERBLOCK_SECT + alSect);
        return new MetadataLayout(backingBytes, mdOffset, mdSize, -alSect, -mdSize + SUPERBLOCK_SECT, alStripes,
                alStripeSize4k);
    }

    /**
     * Bytes of on-disk bitmap for {@code sectors} of data: one bit per 4 KiB, rounded up to 64-bit
     * words and then to 4 KiB (drbdmeta's bm_bytes for one peer).
     */
    public static long bitmapBytes(long sectors) {
        long bits = align((sectors + 7) / 8, 64);
        return align(bits / 8, 4096);
    }

    /** Bitmap bits needed for {@code sectors} of data (one per started 4 KiB). */
    public static long bitsFor(long sectors) {
        return (sectors + 7) / 8;
    }

    private static long align(long v, long to) {
        return (v + to - 1) / to * to;
    }

    /** Absolute byte offset of the activity log. */
    public long alOffset() {
        return mdOffset + alOffsetSect * 512L;
    }

    /** Absolute byte offset of the bitmap. */
    public long bmOffset() {
        return mdOffset + bmOffsetSect * 512L;
    }

    /** Bytes of bitmap area reserved on disk. */
    public long bitmapAreaBytes() {
        return (alOffsetSect - bmOffsetSect) * 512L;
    }

    /** Number of 4 KiB blocks in the activity log ring. */
    public int alBlocks() {
        return alStripes * alStripeSize4k;
    }

    /** The largest data size, in sectors: everything in front of the metadata. */
    public long maxUsableSectors() {
        return Math.min(mdOffset, Math.min(alOffset(), bmOffset())) >> 9;
    }
}
