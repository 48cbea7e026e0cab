package org.jvs.drbd.meta;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The DRBD 8.4 ("v08") metadata superblock, 4096 bytes big-endian at the end of the backing
 * device: last agreed size, generation identifiers, flags, magic and the geometry of activity log
 * and bitmap. Field order and offsets follow {@code struct meta_data_on_disk} of DRBD 8.4.
 * Immutable.
 *
 * @param laSizeSect       last agreed data size, sectors
 * @param uuids            the generation identifiers
 * @param deviceUuid       identifies the backing device (0 after create-md)
 * @param flags            {@link MdFlags} bits
 * @param magic            {@link #MAGIC_08} when clean, {@link #MAGIC_84_UNCLEAN} while attached
 * @param mdSizeSect       metadata size, sectors
 * @param alOffset         AL offset relative to the superblock, sectors
 * @param alNrExtents      the configured al-extents
 * @param bmOffset         bitmap offset relative to the superblock, sectors
 * @param bmBytesPerBit    data bytes per bitmap bit (4096)
 * @param laPeerMaxBioSize last agreed maximum request size of the peer, bytes
 * @param alStripes        activity log stripes
 * @param alStripeSize4k   activity log stripe size, 4 KiB blocks
 */
public record Superblock(long laSizeSect, GenerationIds uuids, long deviceUuid, int flags, int magic, int mdSizeSect,
                         int alOffset, int alNrExtents, int bmOffset, int bmBytesPerBit, int laPeerMaxBioSize,
                         int alStripes, int alStripeSize4k) {
    /** Size of the on-disk superblock. */
    public static final int SIZE = 4096;
    /** {@code DRBD_MD_MAGIC_08}. */
    public static final int MAGIC_08 = 0x83740267 + 4;
    /** {@code DRBD_MD_MAGIC_84_UNCLEAN}: written while the device is in use. */
    public static final int MAGIC_84_UNCLEAN = 0x83740267 + 5;
    /** drbdmeta's al-extents value for new metadata. */
    public static final int CREATE_AL_EXTENTS = 257;

    /** The superblock drbdmeta create-md writes for {@code layout}. */
    public static Superblock created(MetadataLayout layout) {
        return new Superblock(0, GenerationIds.created(), 0, MdFlags.AL_CLEAN, MAGIC_08, layout.mdSizeSect(),
                layout.alOffsetSect(), CREATE_AL_EXTENTS, layout.bmOffsetSect(), MetadataLayout.BYTES_PER_BIT, 0,
                layout.alStripes(), layout.alStripeSize4k());
    }

    /** Reads a superblock from the 4096 bytes at {@code buf}'s position (no validation). */
    public static Superblock decode(ByteBuffer buf) {
        ByteBuffer b = buf.slice().order(java.nio.ByteOrder.BIG_ENDIAN);
        GenerationIds u = new GenerationIds(b.getLong(8), b.getLong(16), b.getLong(24), b.getLong(32));
        int stripes = b.getInt(88);
        int stripeSize = b.getInt(92);
        if (stripes == 0 && stripeSize == 0) {
            // metadata written before AL striping existed: the fixed 32 KiB log
            stripes = MetadataLayout.DEFAULT_AL_STRIPES;
            stripeSize = MetadataLayout.DEFAULT_AL_STRIPE_SIZE_4K;
        }
        return new Superblock(b.getLong(0), u, b.getLong(40), b.getInt(56), b.getInt(60), b.getInt(64), b.getInt(68),
                b.getInt(72), b.getInt(76), b.getInt(80), b.getInt(84), stripes, stripeSize);
    }

    /** The 4096 on-disk bytes. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.putLong(0, laSizeSect).putLong(8, uuids.current()).putLong(16, uuids.bitmap()).putLong(24, uuids.history0())
                .putLong(32, uuids.history1()).putLong(40, deviceUuid).putInt(56, flags).putInt(60, magic)
                .putInt(64, mdSizeSect).putInt(68, alOffset).putInt(72, alNrExtents).putInt(76, bmOffset)
                .putInt(80, bmBytesPerBit).putInt(84, laPeerMaxBioSize).putInt(88, alStripes).putInt(92, alStripeSize4k);
        return b.array();
    }

    /**
     * Why this superblock is not valid v08 metadata for {@code layout}, in drbdmeta's words, or empty
     * when it is.
     */
    public Optional<String> problem(MetadataLayout layout) {
        if (magic != MAGIC_08 && magic != MAGIC_84_UNCLEAN) {
            return Optional.of("v08 Magic number not found");
        }
        int alSect = alStripes * alStripeSize4k * 8;
        if (alStripes < 1 || alStripeSize4k < 1 || alSect <= 0) {
            return Optional.of("v08 activity log geometry invalid: " + alStripes + " stripes of " + alStripeSize4k + " 4k");
        }
        if (alOffset != -alSect) {
            return Optional.of("v08 al_offset: expected " + -alSect + ", found " + alOffset);
        }
        MetadataLayout expected = MetadataLayout.internal(layout.backingBytes(), alStripes, alStripeSize4k);
        if (bmOffset != expected.bmOffsetSect()) {
            return Optional.of("strange bm_offset " + bmOffset + " (expected: " + expected.bmOffsetSect() + ")");
        }
        if (mdSizeSect != expected.mdSizeSect()) {
            return Optional.of("strange md_size_sect " + mdSizeSect + " (expected: " + expected.mdSizeSect() + ")");
        }
        if (bmBytesPerBit != MetadataLayout.BYTES_PER_BIT) {
            return Optional.of("unsupported bm_bytes_per_bit " + bmBytesPerBit);
        }
        if (laSizeSect < 0 || laSizeSect > expected.maxUsableSectors()) {
            return Optional.of("la-size-sect " + laSizeSect + " beyond the usable " + expected.maxUsableSectors());
        }
        return Optional.empty();
    }

    /** Whether the activity log needs no replay (clean magic and the AL_CLEAN flag). */
    public boolean alClean() {
        return magic != MAGIC_84_UNCLEAN && (flags & MdFlags.AL_CLEAN) != 0;
    }

    /** With other generation identifiers. */
    public Superblock withUuids(GenerationIds u) {
        return new Superblock(laSizeSect, u, deviceUuid, flags, magic, mdSizeSect, alOffset, alNrExtents, bmOffset,
                bmBytesPerBit, laPeerMaxBioSize, alStripes, alStripeSize4k);
    }

    /** With other flags. */
    public Superblock withFlags(int f) {
        return new Superblock(laSizeSect, uuids, deviceUuid, f, magic, mdSizeSect, alOffset, alNrExtents, bmOffset,
                bmBytesPerBit, laPeerMaxBioSize, alStripes, alStripeSize4k);
    }

    /** With another magic (clean or unclean). */
    public Superblock withMagic(int m) {
        return new Superblock(laSizeSect, uuids, deviceUuid, flags, m, mdSizeSect, alOffset, alNrExtents, bmOffset,
                bmBytesPerBit, laPeerMaxBioSize, alStripes, alStripeSize4k);
    }

    /** With another last agreed size and activity log size. */
    public Superblock withSizes(long laSect, int alExtents) {
        return new Superblock(laSect, uuids, deviceUuid, flags, magic, mdSizeSect, alOffset, alExtents, bmOffset,
                bmBytesPerBit, laPeerMaxBioSize, alStripes, alStripeSize4k);
    }

    /** The geometry this superblock describes on a backing device of {@code backingBytes}. */
    public MetadataLayout layout(long backingBytes) {
        return MetadataLayout.internal(backingBytes, alStripes, alStripeSize4k);
    }
}
