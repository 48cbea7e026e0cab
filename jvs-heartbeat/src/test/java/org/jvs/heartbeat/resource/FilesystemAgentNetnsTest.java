package org.jvs.heartbeat.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Filesystem resource on real mounts (root): idempotent start and stop, a busy file system's
 * users signalled until the unmount succeeds, and a device no kernel provides attached through
 * {@link ExportedDevices} before the mount and detached after the unmount.
 */
@Tag("netns")
class FilesystemAgentNetnsTest {
    @TempDir
    Path dir;
    private final List<String> exports = new ArrayList<>();
    private final List<Long> pauses = new ArrayList<>();

    /** Attaches "/dev/jvs-test-volume" as a loop device on an ext4 image; records what it does. */
    private final class ImageDevices implements ExportedDevices {
        private final Path image;
        private String loop;

        ImageDevices(Path image) {
            this.image = image;
        }

        @Override
        public Optional<Path> attach(String device) throws IOException {
            exports.add("attach " + device);
            if (!device.equals("/dev/jvs-test-volume")) {
                return Optional.empty();
            }
            loop = run("losetup", "-f", "--show", image.toString()).strip();
            return Optional.of(Path.of(loop));
        }

        @Override
        public void detach(String device) throws IOException {
            exports.add("detach " + device);
            if (loop != null) {
                run("losetup", "-d", loop);
                loop = null;
            }
        }
    }

    private FilesystemAgent agent(ExportedDevices devices, String... args) {
        return new FilesystemAgent(List.of(args), new CommandRunner(Map.of()), devices,
                new MountTable(Path.of("/proc/mounts")), pauses::add);
    }

    private static String run(String... cmd) throws IOException {
        CommandRunner.Result r = new CommandRunner(Map.of()).run(List.of(cmd), java.time.Duration.ofSeconds(30));
        if (!r.ok()) {
            throw new IOException(String.join(" ", cmd) + ": " + r.stderr());
        }
        return r.stdout();
    }

    @Test
    void stopSignalsTheFileSystemsUsersUntilItUnmounts() throws Exception {
        assumeTrue(NetLab.available(), "skipped: mounts need root");
        Path mnt = dir.resolve("data");
        FilesystemAgent fs = agent(new ImageDevices(dir.resolve("none")), "tmpfs", mnt.toString(), "tmpfs", "size=1m");
        Process user = null;
        try {
            assertThat(fs.running()).isFalse();
            assertThat(fs.stop().exitCode()).as("stop when not mounted succeeds").isZero();
            assertThat(fs.start().exitCode()).isZero();
            assertThat(fs.running()).isTrue();
            assertThat(fs.start().exitCode()).as("start when mounted succeeds").isZero();
            // A process working inside keeps the file system busy; TERM ends it.
            user = new ProcessBuilder("sh", "-c", "cd " + mnt + " && exec sleep 600").start();
            for (int i = 0; i < 100 && !run("fuser", "-m", mnt.toString()).contains(String.valueOf(user.pid())); i++) {
                Thread.sleep(20);
            }
            CommandRunner.Result stop = fs.stop();
            assertThat(stop.exitCode()).as(stop.stderr()).isZero();
            assertThat(stop.stderr()).contains("sending signal TERM to: " + user.pid());
            assertThat(user.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(fs.running()).isFalse();
            assertThat(pauses).isNotEmpty();
            assertThat(exports).isEmpty();
        } finally {
            if (user != null) {
                user.destroyForcibly();
            }
            new CommandRunner(Map.of()).run(List.of("umount", "-l", mnt.toString()), java.time.Duration.ofSeconds(10));
        }
    }

    @Test
    void aDeviceNoKernelProvidesIsAttachedBeforeMountingAndDetachedAfter() throws Exception {
        assumeTrue(NetLab.available(), "skipped: loop devices and mounts need root");
        Path image = dir.resolve("volume.img");
        try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(16 << 20);
        }
        run("mkfs.ext4", "-q", image.toString());
        Path mnt = dir.resolve("mysql");
        ImageDevices devices = new ImageDevices(image);
        FilesystemAgent fs = agent(devices, "/dev/jvs-test-volume", mnt.toString(), "ext4");
        try {
            assertThat(fs.start().exitCode()).isZero();
            Files.writeString(mnt.resolve("row"), "1\n");
            assertThat(fs.stop().exitCode()).isZero();
            assertThat(fs.running()).isFalse();
            assertThat(exports).containsExactly("attach /dev/jvs-test-volume", "detach /dev/jvs-test-volume");
            assertThat(devices.loop).isNull();
            // Another device name that nothing provides is the agent's "Couldn't find device".
            CommandRunner.Result missing = agent(devices, "/dev/jvs-no-such", mnt.toString(), "ext4").start();
            assertThat(missing.exitCode()).isEqualTo(FilesystemAgent.ERR_INSTALLED);
            assertThat(missing.stderr()).contains("Couldn't find device [/dev/jvs-no-such]");
        } finally {
            new CommandRunner(Map.of()).run(List.of("umount", "-l", mnt.toString()), java.time.Duration.ofSeconds(10));
            if (devices.loop != null) {
                run("losetup", "-d", devices.loop);
            }
        }
        // What was written reached the image.
        run("e2fsck", "-fn", image.toString());
        assertThat(run("debugfs", "-R", "cat /row", image.toString())).isEqualTo("1\n");
    }
}
