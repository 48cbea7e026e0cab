package org.jvs.drbd.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.drbd.RealTools;
import org.jvs.lab.Shell;

/**
 * Our metadata against drbd-utils' drbdmeta on plain files, both directions: what one writes the
 * other reads, field for field and bit for bit.
 */
class RealDrbdmetaInteropTest {
    private static final long SIZE = 48L << 20;
    @TempDir
    Path dir;
    String drbdmeta;

    @BeforeEach
    void needsDrbdmeta() {
        drbdmeta = RealTools.require("drbdmeta", "drbd-utils");
    }

    private Shell.Result real(Path disk, String... command) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(drbdmeta, "--force", "1", "v08", disk.toString(), "internal"));
        cmd.addAll(List.of(command));
        return Shell.tryRun(cmd);
    }

    @Test
    void realDrbdmetaReadsMetadataWeCreated() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "ours.img", SIZE);
        MetaFixture f = new MetaFixture(false);
        f.meta.createMd(disk);
        f.reset();

        Shell.Result dump = real(disk, "dump-md");
        Shell.Result gi = real(disk, "get-gi");
        f.meta.dumpMd(disk, "x");

        assertThat(dump.exitCode()).as(dump.stderr()).isZero();
        assertThat(comparable(f.out())).isEqualTo(comparable(dump.stdout()));
        assertThat(gi.stdout()).isEqualTo("0000000000000004:0000000000000000:0000000000000000:0000000000000000:0:0:0:0:0:0:0\n");
    }

    @Test
    void weReadMetadataRealDrbdmetaCreated() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "theirs.img", SIZE);
        assertThat(real(disk, "create-md").exitCode()).isZero();
        MetaFixture f = new MetaFixture(false);

        assertThat(f.meta.dumpMd(disk, "x")).isZero();
        Shell.Result dump = real(disk, "dump-md");

        assertThat(comparable(f.out())).isEqualTo(comparable(dump.stdout()));
        try (BackingDevice dev = BackingDevice.open(disk)) {
            Superblock sb = MetadataStore.of(dev).readSuperblock();
            assertThat(sb.flags()).isEqualTo(MdFlags.AL_CLEAN);
            assertThat(sb.uuids()).isEqualTo(GenerationIds.created());
            assertThat(ActivityLog.replay(MetadataStore.of(dev).readAlBlocks()).extents()).isEmpty();
        }
    }

    @Test
    void realDrbdmetaSeesTheGenerationsFlagsAndBitmapWeWrite() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "ours.img", SIZE);
        new MetaFixture(true).meta.createMd(disk);
        GenerationIds uuids = new GenerationIds(0x1234_5678_9ABC_DEF1L, 0x0FED_CBA9_8765_4320L, 0x1111_2222_3333_4444L,
                0x5555_6666_7777_8888L);
        try (BackingDevice dev = BackingDevice.open(disk)) {
            MetadataStore s = MetadataStore.of(dev);
            long usable = s.layout().maxUsableSectors();
            Bitmap bm = Bitmap.forSectors(usable);
            bm.set(0, 3);
            bm.set(100, 5000);
            bm.set(bm.bits() - 1, bm.bits());
            s.attachBitmap(bm);
            s.writeBitmap();
            s.writeSuperblock(s.readSuperblock().withUuids(uuids)
                    .withFlags(MdFlags.AL_CLEAN | MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE | MdFlags.CRASHED_PRIMARY)
                    .withSizes(usable, 1237));
        }
        MetaFixture f = new MetaFixture(false);
        f.meta.dumpMd(disk, "x");

        Shell.Result dump = real(disk, "dump-md");
        Shell.Result gi = real(disk, "get-gi");

        assertThat(comparable(f.out())).isEqualTo(comparable(dump.stdout()));
        assertThat(dump.stdout()).contains("# bits-set 4904;");
        assertThat(gi.stdout()).isEqualTo("123456789ABCDEF1:0FEDCBA987654320:1111222233334444:5555666677778888:1:1:0:0:0:0:1\n");
    }

    @Test
    void weReadWhatRealRestoreMdWrites() throws Exception {
        Path source = MetaFixture.sparseFile(dir, "src.img", SIZE);
        new MetaFixture(true).meta.createMd(source);
        try (BackingDevice dev = BackingDevice.open(source)) {
            MetadataStore s = MetadataStore.of(dev);
            Bitmap bm = Bitmap.forSectors(s.layout().maxUsableSectors());
            bm.set(7, 9);
            bm.set(2048, 4096);
            s.attachBitmap(bm);
            s.writeBitmap();
            s.writeSuperblock(s.readSuperblock().withUuids(new GenerationIds(0xAAAA_0000_0000_0001L, 0, 0xBBBBL, 0))
                    .withFlags(MdFlags.AL_CLEAN | MdFlags.CONSISTENT).withSizes(s.layout().maxUsableSectors(), 257));
        }
        MetaFixture ours = new MetaFixture(false);
        ours.meta.dumpMd(source, "x");
        Path dumpFile = dir.resolve("dump.txt");
        Files.writeString(dumpFile, ours.out());
        Path target = MetaFixture.sparseFile(dir, "dst.img", SIZE);
        assertThat(real(target, "create-md").exitCode()).isZero();

        Shell.Result restore = real(target, "restore-md", dumpFile.toString());

        assertThat(restore.exitCode()).as(restore.stderr()).isZero();
        try (BackingDevice dev = BackingDevice.open(target)) {
            MetadataStore s = MetadataStore.of(dev);
            Superblock sb = s.readSuperblock();
            assertThat(sb.uuids()).isEqualTo(new GenerationIds(0xAAAA_0000_0000_0001L, 0, 0xBBBBL, 0));
            assertThat(sb.flags()).isEqualTo(MdFlags.AL_CLEAN | MdFlags.CONSISTENT);
            Bitmap bm = Bitmap.forSectors(sb.laSizeSect());
            s.loadBitmap(bm);
            assertThat(bm.weight()).isEqualTo(2 + 2048);
            assertThat(bm.isSet(8)).isTrue();
            assertThat(bm.isSet(4096)).isFalse();
        }
    }

    @Test
    void realApplyAlReplaysTheActivityLogTransactionsWeWrote() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "al.img", SIZE);
        new MetaFixture(true).meta.createMd(disk);
        try (BackingDevice dev = BackingDevice.open(disk)) {
            MetadataStore s = MetadataStore.of(dev);
            long usable = s.layout().maxUsableSectors();
            s.attachBitmap(Bitmap.forSectors(usable));
            ActivityLog al = new ActivityLog(s, 67, 1, 8, 0);
            al.begin(0, 4096);
            al.begin(3 * ActivityLog.EXTENT_BYTES + 10, 100);
            al.begin(9 * ActivityLog.EXTENT_BYTES, 4096);
            Superblock sb = s.readSuperblock();
            s.writeSuperblock(sb.withMagic(Superblock.MAGIC_84_UNCLEAN).withFlags(MdFlags.CONSISTENT | MdFlags.PRIMARY_IND)
                    .withSizes(usable, 67));
        }

        Shell.Result apply = real(disk, "apply-al");

        assertThat(apply.exitCode()).as(apply.stderr() + apply.stdout()).isZero();
        try (BackingDevice dev = BackingDevice.open(disk)) {
            MetadataStore s = MetadataStore.of(dev);
            Superblock sb = s.readSuperblock();
            assertThat(sb.alClean()).isTrue();
            Bitmap bm = Bitmap.forSectors(sb.laSizeSect());
            s.loadBitmap(bm);
            long perExtent = ActivityLog.EXTENT_BYTES / Bitmap.BLOCK;
            assertThat(bm.weight()).isEqualTo(3 * perExtent);
            assertThat(bm.nextSet(0)).isZero();
            assertThat(bm.nextSet(perExtent)).isEqualTo(3 * perExtent);
            assertThat(bm.nextSet(4 * perExtent)).isEqualTo(9 * perExtent);
        }
    }

    @Test
    void ourApplyAlAgreesWithTheRealOne() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "al.img", SIZE);
        new MetaFixture(true).meta.createMd(disk);
        try (BackingDevice dev = BackingDevice.open(disk)) {
            MetadataStore s = MetadataStore.of(dev);
            s.attachBitmap(Bitmap.forSectors(s.layout().maxUsableSectors()));
            ActivityLog al = new ActivityLog(s, 67, 1, 8, 0);
            for (int e = 0; e < 11; e += 2) {
                al.begin(e * ActivityLog.EXTENT_BYTES, 4096);
                al.end(e * ActivityLog.EXTENT_BYTES, 4096);
            }
            Superblock sb = s.readSuperblock();
            s.writeSuperblock(sb.withMagic(Superblock.MAGIC_84_UNCLEAN).withFlags(MdFlags.CONSISTENT | MdFlags.PRIMARY_IND)
                    .withSizes(s.layout().maxUsableSectors(), 67));
        }
        Path copy = dir.resolve("copy.img");
        Files.copy(disk, copy);

        new MetaFixture(false).meta.applyAl(disk);
        real(copy, "apply-al");

        MetaFixture a = new MetaFixture(false);
        a.meta.dumpMd(disk, "x");
        MetaFixture b = new MetaFixture(false);
        b.meta.dumpMd(copy, "x");
        assertThat(a.out()).contains("# bits-set 6144;").isEqualTo(b.out());
    }

    /** A dump without its header (time, host, command) and flags line (drbd-utils 9.22 prints 0 there for v08). */
    static String comparable(String dump) {
        return dump.lines().skip(4).filter(l -> !l.startsWith("    flags ")).collect(Collectors.joining("\n"));
    }
}
