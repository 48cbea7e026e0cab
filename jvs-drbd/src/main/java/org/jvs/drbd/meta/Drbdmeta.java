package org.jvs.drbd.meta;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The metadata commands drbdadm hands to drbdmeta, on v08 flexible internal metadata, with
 * drbdmeta's messages and exit codes: create-md (refusing to overwrite metadata or a file system
 * without confirmation), dump-md, get-gi, show-gi, dstate, outdate, invalidate, apply-al and
 * wipe-md. A command that finds no valid metadata writes nothing. Not thread-safe; one per command.
 */
public final class Drbdmeta {
    /** drbdmeta's status for "no valid metadata" and similar failures (it returns -1). */
    public static final int EXIT_NO_MD = 255;
    /** Refused because existing data would be destroyed. */
    public static final int EXIT_REFUSED = 40;
    /** Outdate on inconsistent data. */
    public static final int EXIT_INCONSISTENT = 5;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    private final PrintStream out;
    private final PrintStream err;
    private final Confirmation confirmation;
    private final Clock clock;
    private final String hostname;

    /**
     * @param out          standard output
     * @param err          standard error (questions, progress)
     * @param confirmation how destructive steps are confirmed
     * @param clock        for the dump header's time
     * @param hostname     for the dump header
     */
    public Drbdmeta(PrintStream out, PrintStream err, Confirmation confirmation, Clock clock, String hostname) {
        this.out = out;
        this.err = err;
        this.confirmation = confirmation;
        this.clock = clock;
        this.hostname = hostname;
    }

    /** The drbdmeta command line drbdadm would run for {@code minor} and {@code disk} (for headers and logs). */
    public static String commandLine(int minor, Path disk, String command) {
        return "drbdmeta " + minor + " v08 " + disk + " internal " + command;
    }

    /** create-md: initialises activity log, bitmap and superblock. */
    public int createMd(Path disk) throws IOException {
        try (BackingDevice dev = BackingDevice.open(disk)) {
            MetadataStore store = MetadataStore.of(dev);
            MetadataLayout layout = store.layout();
            Superblock existing = store.readRawSuperblock();
            if (existing.problem(layout).isEmpty()) {
                String context = "You want me to create a v08 style flexible-size internal meta data block.\n"
                        + "There appears to be a v08 flexible-size internal meta data block\n"
                        + "already in place on " + disk + " at byte offset " + layout.mdOffset();
                if (!confirmation.confirm(context, "Do you really want to overwrite the existing meta-data?")) {
                    out.print("Operation cancelled.\n");
                    return 1;
                }
            }
            Optional<ExistingData.Found> found = ExistingData.inspect(
                    dev.read(0, (int) Math.min(ExistingData.INSPECT_BYTES, dev.size())));
            if (found.isPresent()) {
                int refused = checkExistingData(found.get(), layout);
                if (refused != 0) {
                    return refused;
                }
            }
            out.print("initializing activity log\n");
            err.print("initializing bitmap (" + ppsize(layout.bitmapAreaBytes() >> 10) + ") to all zero\n");
            store.initializeAlAndBitmap();
            out.print("Writing meta data...\n");
            store.writeSuperblock(Superblock.created(layout));
            out.print("New drbd meta data block successfully created.\n");
            return 0;
        } catch (MetadataException e) {
            err.print(e.getMessage() + "\n");
            return 10;
        }
    }

    private int checkExistingData(ExistingData.Found found, MetadataLayout layout) {
        out.print("md_offset " + layout.mdOffset() + "\n");
        out.print("al_offset " + layout.alOffset() + "\n");
        out.print("bm_offset " + layout.bmOffset() + "\n");
        out.print("\nFound " + found.type() + "\n");
        if (found.usedKiB() > 0) {
            long usable = layout.maxUsableSectors() >> 1;
            out.print(String.format("%12d kB data area apparently used\n", found.usedKiB()));
            out.print(String.format("%12d kB left usable by current configuration\n", usable));
            if (found.usedKiB() > usable) {
                out.print("\nDevice size would be truncated, which\nwould corrupt data and result in\n"
                        + "'access beyond end of device' errors.\nYou need to either\n"
                        + "   * use external meta data (recommended)\n   * shrink that filesystem first\n"
                        + "   * zero out the device (destroy the filesystem)\nOperation refused.\n\n");
                return EXIT_REFUSED;
            }
            out.print("\nEven though it looks like this would place the new meta data into\n"
                    + "unused space, you still need to confirm, as this is only a guess.\n");
        } else {
            out.print("\n ==> This might destroy existing data! <==\n");
        }
        if (!confirmation.confirm(null, "Do you want to proceed?")) {
            out.print("Operation canceled.\n");
            return 1;
        }
        return 0;
    }

    /** dump-md: the text restore-md reads; refuses unclean metadata. */
    public int dumpMd(Path disk, String commandLine) throws IOException {
        return withMetadata(disk, (store, sb) -> {
            if (!sb.alClean()) {
                err.print("Found meta data is \"unclean\", please apply-al first\n");
                if (!confirmation.force()) {
                    return EXIT_NO_MD;
                }
            }
            ZonedDateTime now = ZonedDateTime.now(clock);
            out.print("# DRBD meta data dump\n# " + now.format(STAMP) + " [" + now.toEpochSecond() + "]\n# " + hostname
                    + "> " + commandLine + "\n#\n\n");
            long la = Math.min(sb.laSizeSect(), store.layout().maxUsableSectors());
            int bytes = (int) MetadataLayout.bitmapBytes(la);
            byte[] bm = store.device().read(store.layout().bmOffset(), bytes);
            out.print(MetadataDump.body(sb, store.layout(), bm));
            return 0;
        });
    }

    /** get-gi: the generation identifiers and flag digits on one line. */
    public int getGi(Path disk) throws IOException {
        return withMetadata(disk, (store, sb) -> {
            out.print(giLine(sb) + "\n");
            return 0;
        });
    }

    /** show-gi: get-gi with drbdmeta's legend. */
    public int showGi(Path disk) throws IOException {
        return withMetadata(disk, (store, sb) -> {
            int f = sb.flags();
            out.print("\n"
                    + "       +--<  Current data generation UUID  >-\n"
                    + "       |               +--<  Bitmap's base data generation UUID  >-\n"
                    + "       |               |                 +--<  younger history UUID  >-\n"
                    + "       |               |                 |         +-<  older history  >-\n"
                    + "       V               V                 V         V\n");
            out.print(giLine(sb) + "\n");
            out.print("                                                                    ^ ^ ^ ^ ^ ^ ^\n"
                    + "                                      -<  Data consistency flag  >--+ | | | | | |\n"
                    + "                             -<  Data was/is currently up-to-date  >--+ | | | | |\n"
                    + "                                  -<  Node was/is currently primary  >--+ | | | |\n"
                    + "                                  -<  Node was/is currently connected  >--+ | | |\n"
                    + "         -<  Node was in the progress of setting all bits in the bitmap  >--+ | |\n"
                    + "                        -<  The peer's disk was out-dated or inconsistent  >--+ |\n"
                    + "      -<  This node was a crashed primary, and has not seen its peer since   >--+\n"
                    + "\n");
            out.print("flags:" + ((f & MdFlags.CRASHED_PRIMARY) != 0 ? " crashed" : "") + " "
                    + ((f & MdFlags.PRIMARY_IND) != 0 ? "Primary" : "Secondary") + ", "
                    + ((f & MdFlags.CONNECTED_IND) != 0 ? "Connected" : "StandAlone") + ", " + MdFlags.diskState(f)
                    + ((f & MdFlags.FULL_SYNC) != 0 ? ", need full sync" : "")
                    + ((f & MdFlags.PEER_OUT_DATED) != 0 ? ", peer Outdated" : "") + "\n");
            out.print("meta-data: " + ((f & MdFlags.AL_CLEAN) != 0 ? "clean" : "need apply-al") + "\n");
            if (sb.laSizeSect() != 0) {
                out.print("last agreed size: " + ppsize(sb.laSizeSect() >> 1) + " (" + sb.laSizeSect() + " sectors)\n");
                out.print("last agreed max bio size: " + sb.laPeerMaxBioSize() + " Byte\n");
            } else {
                out.print("zero size device -- never seen peer yet?\n");
            }
            return 0;
        });
    }

    /** The get-gi line: four UUIDs and the seven flag digits c:u:p:n:f:o:C. */
    public static String giLine(Superblock sb) {
        int f = sb.flags();
        return sb.uuids().formatted() + ":" + bit(f, MdFlags.CONSISTENT) + ":" + bit(f, MdFlags.WAS_UP_TO_DATE) + ":"
                + bit(f, MdFlags.PRIMARY_IND) + ":" + bit(f, MdFlags.CONNECTED_IND) + ":" + bit(f, MdFlags.FULL_SYNC) + ":"
                + bit(f, MdFlags.PEER_OUT_DATED) + ":" + bit(f, MdFlags.CRASHED_PRIMARY);
    }

    private static int bit(int flags, int mask) {
        return (flags & mask) != 0 ? 1 : 0;
    }

    /** dstate: the disk state the flags record. */
    public int dstate(Path disk) throws IOException {
        return withMetadata(disk, (store, sb) -> {
            int f = sb.flags();
            String s = MdFlags.diskState(f);
            if (s.equals("UpToDate") && (f & MdFlags.PEER_OUT_DATED) == 0) {
                s = "Consistent";
            }
            out.print(s + "\n");
            return 0;
        });
    }

    /** outdate: consistent data becomes Outdated (it may no longer become Primary without force). */
    public int outdate(Path disk) throws IOException {
        return withMetadata(disk, (store, sb) -> {
            if ((sb.flags() & MdFlags.CONSISTENT) == 0) {
                err.print("Device is inconsistent.\n");
                return EXIT_INCONSISTENT;
            }
            store.writeSuperblock(sb.withFlags(sb.flags() & ~MdFlags.WAS_UP_TO_DATE));
            return 0;
        });
    }

    /** invalidate: the local data needs a full sync from the peer. */
    public int invalidate(Path disk) throws IOException {
        return withMetadata(disk, (store, sb) -> {
            int f = (sb.flags() & ~(MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE)) | MdFlags.FULL_SYNC;
            store.writeSuperblock(sb.withFlags(f));
            return 0;
        });
    }

    /** apply-al: marks the extents the activity log holds out of sync and the metadata clean. */
    public int applyAl(Path disk) throws IOException {
        return withMetadata(disk, (store, sb) -> {
            if (sb.alClean()) {
                return 0;
            }
            applyActivityLog(store, sb);
            return 0;
        });
    }

    /**
     * Replays the activity log of unclean metadata into the on-disk bitmap and writes the superblock
     * clean; returns the superblock written. As drbdmeta, only a node that was Primary has extents to
     * mark: a Secondary's log cannot hold writes its peer lacks.
     */
    public static Superblock applyActivityLog(MetadataStore store, Superblock sb) throws IOException {
        ActivityLog.Replay replay = (sb.flags() & MdFlags.PRIMARY_IND) != 0 ? ActivityLog.replay(store.readAlBlocks())
                : new ActivityLog.Replay(java.util.Set.of(), 0, 0);
        long sectors = sb.laSizeSect() != 0 ? sb.laSizeSect() : store.layout().maxUsableSectors();
        Bitmap bm = Bitmap.forSectors(sectors);
        store.loadBitmap(bm);
        for (int e : replay.extents()) {
            long from = e * (ActivityLog.EXTENT_BYTES / Bitmap.BLOCK);
            if (from < bm.bits()) {
                bm.set(from, Math.min(bm.bits(), from + ActivityLog.EXTENT_BYTES / Bitmap.BLOCK));
            }
        }
        store.attachBitmap(bm);
        store.writeBitmap();
        store.initializeAlOnly();
        Superblock clean = sb.withFlags(sb.flags() | MdFlags.AL_CLEAN).withMagic(Superblock.MAGIC_08);
        store.writeSuperblock(clean);
        return clean;
    }

    /** wipe-md: zeroes the superblock after confirmation. */
    public int wipeMd(Path disk) throws IOException {
        try (BackingDevice dev = BackingDevice.open(disk)) {
            MetadataStore store = MetadataStore.of(dev);
            if (store.readRawSuperblock().problem(store.layout()).isPresent()) {
                err.print("There appears to be no drbd meta data to wipe out?\n");
                return 0;
            }
            if (!confirmation.confirm(null, "Do you really want to wipe out the DRBD meta data?")) {
                out.print("Operation cancelled.\n");
                return 1;
            }
            out.print("Wiping meta data...\n");
            store.wipeSuperblock();
            out.print("DRBD meta data block successfully wiped out.\n");
            return 0;
        } catch (MetadataException e) {
            err.print(e.getMessage() + "\n");
            return 10;
        }
    }

    private interface Action {
        int run(MetadataStore store, Superblock sb) throws IOException;
    }

    private int withMetadata(Path disk, Action action) throws IOException {
        try (BackingDevice dev = BackingDevice.open(disk)) {
            MetadataStore probe = MetadataStore.of(dev);
            Superblock raw = probe.readRawSuperblock();
            MetadataStore store = raw.problem(probe.layout()).isEmpty() ? probe.forSuperblock(raw) : probe;
            Superblock sb;
            try {
                sb = store.readSuperblock();
            } catch (MetadataException e) {
                err.print(e.getMessage() + "\n");
                return EXIT_NO_MD;
            }
            return action.run(store, sb);
        } catch (MetadataException e) {
            err.print(e.getMessage() + "\n");
            return 10;
        }
    }

    /** drbd's human size: KiB scaled down by 1024 while the number has five or more digits. */
    public static String ppsize(long kib) {
        String units = "KMGTPE";
        long size = kib;
        int base = 0;
        while (size >= 10000 && base < units.length() - 1) {
            size = (size >> 10) + ((size & (1 << 9)) != 0 ? 1 : 0);
            base++;
        }
        return size + " " + units.charAt(base) + "B";
    }
}
