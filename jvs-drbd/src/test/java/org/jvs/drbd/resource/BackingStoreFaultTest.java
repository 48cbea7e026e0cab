package org.jvs.drbd.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.drbd.RealTools;
import org.jvs.drbd.config.ConfigParser;
import org.jvs.drbd.meta.Confirmation;
import org.jvs.drbd.meta.Drbdmeta;
import org.jvs.drbd.nbd.BlockIoException;
import org.jvs.drbd.nbd.NbdProtocol;
import org.jvs.drbd.state.DiskState;

/**
 * The Primary's backing store fails under it: a file system that fills up, and a device that
 * starts answering writes with EIO (nbdkit's error filter behind nbdfuse, switched on by a trigger
 * file). With on-io-error detach the failing write gets EIO, the disk goes Failed and no further
 * I/O is served; the process keeps running. Root (mounts).
 */
@Tag("netns")
class BackingStoreFaultTest {
    @TempDir
    Path dir;
    private final Deque<Runnable> cleanup = new ArrayDeque<>();

    @AfterEach
    void tearDown() {
        while (!cleanup.isEmpty()) {
            cleanup.pop().run();
        }
    }

    @Test
    void aFullFileSystemFailsTheWriteWithEioAndDetachesTheDisk() throws Exception {
        RealTools.requireRoot("mounts a small tmpfs");
        Path small = Files.createDirectories(dir.resolve("small"));
        assertThat(RealTools.run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", small.toString()).exitCode()).isZero();
        cleanup.push(() -> RealTools.runQuietly("umount", "-l", small.toString()));
        // sparse 16 MiB backing files on 6 MiB: the metadata fits, the data does not
        try (TwoNodes n = new TwoNodes(small, 16L << 20, "", "on-io-error detach;")) {
            Resource alpha = n.start("alpha");
            alpha.primary(true);
            ReplicatedDevice dev = new ReplicatedDevice(alpha, alpha.volume(0));
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);

            BlockIoException failed = null;
            long offset = 0;
            for (; offset + chunk.capacity() <= dev.size() && failed == null; offset += chunk.capacity()) {
                try {
                    dev.write(offset, chunk.clear(), false);
                } catch (BlockIoException e) {
                    failed = e;
                }
            }

            assertThat(failed).as("a write beyond the free space").isNotNull();
            assertThat(failed.error()).isEqualTo(NbdProtocol.EIO);
            assertThat(offset).isGreaterThan(2L << 20);
            assertThat(alpha.volume(0).disk()).isEqualTo(DiskState.FAILED);
            assertThat(alpha.recentLog()).anyMatch(l -> l.contains("local disk I/O error: No space left on device"))
                    .anyMatch(l -> l.contains("on-io-error detach"));
            assertThatThrownBy(() -> dev.read(0, ByteBuffer.allocate(4096))).isInstanceOf(BlockIoException.class);
            assertThat(dev.unavailable()).hasValueSatisfying(m -> assertThat(m).contains("Failed"));
        }
    }

    @Test
    void anIoErrorOnTheBackingDeviceFailsTheWriteWithEioAndDetachesTheDisk() throws Exception {
        RealTools.requireRoot("FUSE mount");
        String nbdkit = RealTools.require("nbdkit", "nbdkit");
        String nbdfuse = RealTools.require("nbdfuse", "libnbd-bin");
        RealTools.require("fusermount3", "fuse3");
        Path trigger = dir.resolve("fail-writes");
        Path sock = dir.resolve("nbdkit.sock");
        Process server = new ProcessBuilder(nbdkit, "-f", "-U", sock.toString(), "--filter=error", "memory", "32M",
                "error-pwrite=EIO", "error-pwrite-rate=100%", "error-pwrite-file=" + trigger)
                .redirectErrorStream(true).redirectOutput(dir.resolve("nbdkit.log").toFile()).start();
        cleanup.push(server::destroyForcibly);
        await(() -> Files.exists(sock));
        Path mnt = Files.createDirectories(dir.resolve("fuse"));
        Path disk = mnt.resolve("disk");
        Process fuse = new ProcessBuilder(nbdfuse, disk.toString(), "nbd+unix:///?socket=" + sock)
                .redirectErrorStream(true).redirectOutput(dir.resolve("nbdfuse.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        cleanup.push(() -> {
            RealTools.runQuietly("fusermount3", "-u", "-z", mnt.toString());
            fuse.destroyForcibly();
        });
        await(() -> Files.exists(disk));
        Path conf = dir.resolve("drbd.conf");
        Files.writeString(conf, """
                resource r0 {
                  disk { on-io-error detach; }
                  on alpha { device /dev/drbd1; disk %s; meta-disk internal; address 127.0.0.1:%d; }
                  on beta  { device /dev/drbd1; disk %s; meta-disk internal; address 127.0.0.2:%d; }
                }
                """.formatted(disk, TwoNodes.freePort(), dir.resolve("beta.img"), TwoNodes.freePort()));
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        new Drbdmeta(quiet, quiet, new Confirmation(true, false, new java.io.BufferedReader(new java.io.StringReader("")),
                quiet), Clock.systemUTC(), "test").createMd(disk);
        Resource alpha = Resource.attach(ResourceSettings.of(ConfigParser.parse(conf).resource("r0").orElseThrow(), "alpha"),
                System::nanoTime);
        cleanup.push(() -> {
            try {
                alpha.close();
            } catch (Exception e) {
                // the metadata cannot be written back to a failing device
            }
        });
        alpha.primary(true);
        ReplicatedDevice dev = new ReplicatedDevice(alpha, alpha.volume(0));
        dev.write(0, ByteBuffer.allocate(4096).putInt(0, 1), false);

        Files.createFile(trigger);

        assertThatThrownBy(() -> dev.write(8192, ByteBuffer.allocate(4096), false))
                .isInstanceOfSatisfying(BlockIoException.class, e -> assertThat(e.error()).isEqualTo(NbdProtocol.EIO));
        assertThat(alpha.volume(0).disk()).isEqualTo(DiskState.FAILED);
        assertThat(alpha.recentLog()).anyMatch(l -> l.contains("local disk I/O error"))
                .anyMatch(l -> l.contains("disk( UpToDate -> Failed ): on-io-error detach"));
        assertThatThrownBy(() -> dev.write(0, ByteBuffer.allocate(4096), false))
                .isInstanceOfSatisfying(BlockIoException.class, e -> assertThat(e.error()).isEqualTo(NbdProtocol.EIO));
    }

    /** Polls {@code condition} up to 1,000 times 20 ms apart (about 20 s) and fails if it never holds. */
    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1_000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("the condition within about 20 s").isTrue();
    }
}
