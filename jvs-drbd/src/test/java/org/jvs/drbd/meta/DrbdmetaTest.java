package org.jvs.drbd.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrbdmetaTest {
    @TempDir
    Path dir;

    @Test
    void createMdWritesJustCreatedGenerationAndCleanFlag() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "d.img", 8 << 20);
        MetaFixture f = new MetaFixture(false);

        int rc = f.meta.createMd(disk);

        assertThat(rc).isZero();
        assertThat(f.out()).isEqualTo("initializing activity log\nWriting meta data...\n"
                + "New drbd meta data block successfully created.\n");
        f.reset();
        assertThat(f.meta.getGi(disk)).isZero();
        assertThat(f.out()).isEqualTo("0000000000000004:0000000000000000:0000000000000000:0000000000000000:0:0:0:0:0:0:0\n");
    }

    @Test
    void createMdOverExistingMetadataNeedsConfirmationAndWritesNothingWithout() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "d.img", 8 << 20);
        new MetaFixture(true).meta.createMd(disk);
        String before = sha(disk);
        MetaFixture f = new MetaFixture(false);

        int rc = f.meta.createMd(disk);

        assertThat(rc).isEqualTo(1);
        assertThat(f.err()).contains("There appears to be a v08 flexible-size internal meta data block\nalready in place on "
                + disk + " at byte offset " + MetadataLayout.internal(8 << 20).mdOffset())
                .contains("Do you really want to overwrite the existing meta-data?")
                .contains("stdin not a TTY, not waiting for confirmation");
        assertThat(f.out()).isEqualTo("Operation cancelled.\n");
        assertThat(sha(disk)).isEqualTo(before);
    }

    @Test
    void createMdWithForceOverwritesExistingMetadata() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "d.img", 8 << 20);
        MetaFixture f = new MetaFixture(true);
        f.meta.createMd(disk);

        assertThat(f.meta.createMd(disk)).isZero();
        assertThat(f.err()).contains("*** confirmation forced via --force option ***");
    }

    @Test
    void createMdOnDataAsksBeforeDestroyingIt() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "d.img", 8 << 20);
        Files.write(disk, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.WRITE);
        String before = sha(disk);
        MetaFixture f = new MetaFixture(false);

        assertThat(f.meta.createMd(disk)).isEqualTo(1);
        assertThat(f.out()).contains("Found some data").contains(" ==> This might destroy existing data! <==")
                .endsWith("Operation canceled.\n");
        assertThat(sha(disk)).isEqualTo(before);
    }

    @Test
    void createMdOnAFileSystemFillingTheDeviceIsRefusedEvenWithForce() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "d.img", 8 << 20);
        ByteBuffer sb = ByteBuffer.allocate(2048).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        sb.putInt(1024 + 4, 8192).putInt(1024 + 24, 0).putShort(1024 + 56, (short) 0xEF53).putInt(1024 + 92, 4);
        Files.write(disk, sb.array(), java.nio.file.StandardOpenOption.WRITE);
        String before = sha(disk);
        MetaFixture f = new MetaFixture(true);

        assertThat(f.meta.createMd(disk)).isEqualTo(Drbdmeta.EXIT_REFUSED);
        assertThat(f.out()).contains("Found ext3 filesystem").contains("        8192 kB data area apparently used")
                .contains("Operation refused.");
        assertThat(sha(disk)).isEqualTo(before);
    }

    @Test
    void corruptedSuperblockIsReportedAndNothingIsWritten() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "d.img", 8 << 20);
        new MetaFixture(true).meta.createMd(disk);
        long md = MetadataLayout.internal(8 << 20).mdOffset();
        try (BackingDevice dev = BackingDevice.open(disk)) {
            dev.write(md + 76, new byte[] {0, 0, 0, 1});
        }
        String before = sha(disk);

        for (String cmd : new String[] {"get-gi", "dump-md", "outdate", "apply-al"}) {
            MetaFixture f = new MetaFixture(true);
            int rc = switch (cmd) {
                case "get-gi" -> f.meta.getGi(disk);
                case "dump-md" -> f.meta.dumpMd(disk, cmd);
                case "outdate" -> f.meta.outdate(disk);
                default -> f.meta.applyAl(disk);
            };
            assertThat(rc).as(cmd).isEqualTo(Drbdmeta.EXIT_NO_MD);
            assertThat(f.err()).as(cmd).contains("strange bm_offset 1 (expected: -72)").contains("No valid meta data found");
            assertThat(f.out()).as(cmd).isEmpty();
        }
        assertThat(sha(disk)).isEqualTo(before);
    }

    @Test
    void missingMetadataIsReported() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "d.img", 8 << 20);
        MetaFixture f = new MetaFixture(false);

        assertThat(f.meta.showGi(disk)).isEqualTo(Drbdmeta.EXIT_NO_MD);
        assertThat(f.err()).contains("v08 Magic number not found");
    }

    @Test
    void tooSmallDeviceIsRefused() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "d.img", 64 * 1024);
        MetaFixture f = new MetaFixture(true);

        assertThat(f.meta.createMd(disk)).isEqualTo(10);
        assertThat(f.err()).isEqualTo(disk + " is only 65536 bytes. That's not enough.\n");
    }

    @Test
    void wipeMdNeedsConfirmationThenZeroesTheSuperblock() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "d.img", 8 << 20);
        new MetaFixture(true).meta.createMd(disk);
        MetaFixture ask = new MetaFixture(false);
        assertThat(ask.meta.wipeMd(disk)).isEqualTo(1);

        MetaFixture f = new MetaFixture(true);
        assertThat(f.meta.wipeMd(disk)).isZero();

        assertThat(f.out()).isEqualTo("Wiping meta data...\nDRBD meta data block successfully wiped out.\n");
        MetaFixture again = new MetaFixture(true);
        assertThat(again.meta.wipeMd(disk)).isZero();
        assertThat(again.err()).isEqualTo("There appears to be no drbd meta data to wipe out?\n");
    }

    @Test
    void showGiExplainsTheFlags() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "d.img", 8 << 20);
        new MetaFixture(true).meta.createMd(disk);
        try (BackingDevice dev = BackingDevice.open(disk)) {
            MetadataStore s = MetadataStore.of(dev);
            Superblock sb = s.readSuperblock();
            s.writeSuperblock(sb.withFlags(sb.flags() | MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE | MdFlags.PRIMARY_IND
                    | MdFlags.PEER_OUT_DATED).withSizes(16000, 257));
        }
        MetaFixture f = new MetaFixture(false);

        f.meta.showGi(disk);

        assertThat(f.out()).contains("0000000000000004:0000000000000000:0000000000000000:0000000000000000:1:1:1:0:0:1:0\n")
                .contains("flags: Primary, StandAlone, UpToDate, peer Outdated\nmeta-data: clean\n")
                .contains("last agreed size: 8000 KB (16000 sectors)\n");
    }

    @Test
    void outdateTurnsUpToDateIntoOutdated() throws Exception {
        Path disk = MetaFixture.sparseFile(dir, "d.img", 8 << 20);
        new MetaFixture(true).meta.createMd(disk);
        MetaFixture f = new MetaFixture(false);
        assertThat(f.meta.outdate(disk)).isEqualTo(Drbdmeta.EXIT_INCONSISTENT);
        try (BackingDevice dev = BackingDevice.open(disk)) {
            MetadataStore s = MetadataStore.of(dev);
            Superblock sb = s.readSuperblock();
            s.writeSuperblock(sb.withFlags(sb.flags() | MdFlags.CONSISTENT | MdFlags.WAS_UP_TO_DATE));
        }
        f.reset();

        assertThat(f.meta.outdate(disk)).isZero();
        f.meta.dstate(disk);

        assertThat(f.out()).isEqualTo("Outdated\n");
    }

    @Test
    void ppsizeScalesLikeDrbd() {
        assertThat(Drbdmeta.ppsize(4)).isEqualTo("4 KB");
        assertThat(Drbdmeta.ppsize(9999)).isEqualTo("9999 KB");
        assertThat(Drbdmeta.ppsize(10240)).isEqualTo("10 MB");
        assertThat(Drbdmeta.ppsize(1L << 30)).isEqualTo("1024 GB");
    }

    static String sha(Path p) throws IOException {
        return org.jvs.drbd.RealTools.sha256(p);
    }
}
