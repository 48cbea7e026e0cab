package org.jvs.drbd.meta;

/**
 * DRBD's data generation identifiers (the "UUIDs"): the current generation, the generation the
 * bitmap tracks changes against (0 while connected and in sync) and two older generations. The
 * lowest bit of a value is the role bit (1 = was Primary) and is ignored when comparing. Immutable.
 *
 * @param current  the current data generation
 * @param bitmap   the generation the bitmap's changes are relative to, or 0
 * @param history0 the younger history generation
 * @param history1 the older history generation
 */
public record GenerationIds(long current, long bitmap, long history0, long history1) {
    /** The current UUID of freshly created metadata ({@code UUID_JUST_CREATED}). */
    public static final long JUST_CREATED = 4;
    /** Added to the bitmap UUID when a resync starts ({@code UUID_NEW_BM_OFFSET}). */
    public static final long NEW_BM_OFFSET = 1L << 48;

    /** The identifiers of freshly created metadata. */
    public static GenerationIds created() {
        return new GenerationIds(JUST_CREATED, 0, 0, 0);
    }

    /** {@code uuid} without its role bit. */
    public static long base(long uuid) {
        return uuid & ~1L;
    }

    /**
     * A new data generation starts (a disconnected node becomes Primary, a Primary loses its peer):
     * the current generation becomes the bitmap generation, a new random value the current one
     * (drbd_uuid_new_current). Callers start one only while the bitmap generation is 0, or when forced.
     *
     * @param fresh   a new random value
     * @param primary whether the node is Primary (sets the role bit)
     */
    public GenerationIds newCurrent(long fresh, boolean primary) {
        return new GenerationIds(primary ? fresh | 1 : fresh & ~1L, current, history0, history1);
    }

    /** The current value with its role bit set or cleared for {@code primary}. */
    public GenerationIds withRole(boolean primary) {
        return withCurrent(primary ? current | 1 : current & ~1L);
    }

    /**
     * The bitmap generation moved into history and cleared (resync finished on the source, or the
     * bitmap cleared), as drbd_uuid_set_bm(0) does.
     */
    public GenerationIds bitmapToHistory() {
        if (bitmap == 0) {
            return this;
        }
        return new GenerationIds(current, 0, bitmap, history0);
    }

    /** {@code value} pushed into the history (history0 moves to history1). */
    public GenerationIds pushHistory(long value) {
        return new GenerationIds(current, bitmap, value, history0);
    }

    /**
     * The SyncSource's identifiers when a resync starts, and the sync UUID it sends: the bitmap
     * generation advanced by {@link #NEW_BM_OFFSET} (or {@code random} if there was none), the old
     * one moved into history (drbd_gen_and_send_sync_uuid).
     */
    public GenerationIds startSyncSource(long random) {
        long uuid = bitmap != 0 && bitmap != JUST_CREATED ? bitmap + NEW_BM_OFFSET : random;
        return withBitmapRotated(uuid);
    }

    /** drbd_uuid_set(UI_BITMAP, value): an existing bitmap generation goes into history first. */
    public GenerationIds withBitmapRotated(long value) {
        GenerationIds g = bitmap != 0 ? pushHistory(bitmap) : this;
        return new GenerationIds(g.current, value, g.history0, g.history1);
    }

    /**
     * The SyncTarget's identifiers once the resync finished: the source's generations adopted
     * (drbd_resync_finished on the target), then the bitmap generation retired.
     */
    public GenerationIds finishSyncTarget(GenerationIds source, boolean primary) {
        GenerationIds g = new GenerationIds(current, source.bitmap, source.history0, source.history1);
        g = g.withBitmapRotated(current);
        return g.withCurrent(source.current).withRole(primary).bitmapToHistory();
    }

    /** With {@code current} replaced. */
    public GenerationIds withCurrent(long value) {
        return new GenerationIds(value, bitmap, history0, history1);
    }

    /** With {@code bitmap} replaced. */
    public GenerationIds withBitmap(long value) {
        return new GenerationIds(current, value, history0, history1);
    }

    /** The four values as drbdadm get-gi prints them, colon-separated, upper-case hex. */
    public String formatted() {
        return String.format("%016X:%016X:%016X:%016X", current, bitmap, history0, history1);
    }
}
