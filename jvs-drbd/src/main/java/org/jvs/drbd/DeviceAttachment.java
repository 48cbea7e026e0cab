package org.jvs.drbd;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jvs.common.RunDirectory;
import org.jvs.drbd.config.ConfigException;
import org.jvs.drbd.config.ConfigParser;
import org.jvs.drbd.daemon.Hostname;
import org.jvs.drbd.daemon.NodeDaemon;

/**
 * Puts a volume's NBD export behind a local block device for whatever expects {@code /dev/drbdN}
 * (heartbeat's Filesystem resource, mkfs): {@code nbd-client} on a free {@code /dev/nbdN} where the
 * kernel has the nbd module, otherwise {@code nbdfuse} (the export as a file in a FUSE mount under
 * the run directory) with a loop device on that file. The block device in use is recorded in
 * {@code RUN/drbd/RES.VOL.attached}, so another process can detach it. Needs root (loop, nbd, FUSE).
 * Blocking; not thread-safe for one export.
 */
public final class DeviceAttachment {
    private static final long READY_TIMEOUT_MS = 30_000;
    private static final long COMMAND_TIMEOUT_MS = 60_000;
    private static final Path NBD_MODULE = Path.of("/sys/module/nbd");
    private final RunDirectory run;

    /** Attachments recorded in {@code run}. */
    public DeviceAttachment(RunDirectory run) {
        this.run = run;
    }

    /**
     * The export behind device name {@code device} in drbdadm's default configuration for this node
     * ({@code uname -n}), if a resource names it.
     */
    public Optional<DeviceExports.Export> lookup(String device) throws ConfigException {
        return DeviceExports.find(ConfigParser.parse(Path.of(Drbdadm.defaultConfig())), Hostname.current(), run,
                device);
    }

    /** The block device currently attached to {@code e}, if any. */
    public Optional<Path> attached(DeviceExports.Export e) throws IOException {
        Path record = record(e);
        return Files.exists(record) ? Optional.of(Path.of(Files.readString(record).strip())) : Optional.empty();
    }

    /** Attaches {@code e} (the resource must be Primary here) and returns the block device. */
    public Path attach(DeviceExports.Export e) throws IOException {
        Optional<Path> already = attached(e);
        if (already.isPresent()) {
            return already.get();
        }
        Path device = kernelNbd() ? attachNbd(e) : attachFuseLoop(e);
        Files.writeString(record(e), device + "\n");
        return device;
    }

    /** Detaches {@code e}; nothing to do when it is not attached. Flushes before letting go. */
    public void detach(DeviceExports.Export e) throws IOException {
        Optional<Path> device = attached(e);
        if (device.isEmpty()) {
            return;
        }
        String dev = device.get().toString();
        // What was written through the page cache reaches the export (an NBD FLUSH) before detaching.
        run("blockdev", "--flushbufs", dev);
        if (dev.startsWith("/dev/nbd")) {
            run("nbd-client", "-d", dev);
        } else {
            run("losetup", "-d", dev);
            run("fusermount3", "-u", fuseDirectory(e).toString());
        }
        Files.delete(record(e));
    }

    private Path record(DeviceExports.Export e) {
        return NodeDaemon.directory(run).resolve(e.resource() + "." + e.volume() + ".attached");
    }

    private Path fuseDirectory(DeviceExports.Export e) {
        return NodeDaemon.directory(run).resolve(e.resource() + "." + e.volume() + ".nbdfuse");
    }

    private static boolean kernelNbd() {
        return Files.isDirectory(NBD_MODULE) && Files.exists(Path.of("/dev/nbd0"));
    }

    /** nbd-client on the first /dev/nbdN that has no connection (no pid in sysfs). */
    private static Path attachNbd(DeviceExports.Export e) throws IOException {
        for (int i = 0; Files.exists(Path.of("/dev/nbd" + i)); i++) {
            if (!Files.exists(Path.of("/sys/block/nbd" + i + "/pid"))) {
                String dev = "/dev/nbd" + i;
                run("nbd-client", "-unix", e.socket().toString(), dev, "-name", e.name());
                return Path.of(dev);
            }
        }
        throw new IOException("no free /dev/nbdN for " + e.uri());
    }

    /** nbdfuse exposes the export as DIR/disk (it stays in the foreground until unmounted); a loop device sits on it. */
    private Path attachFuseLoop(DeviceExports.Export e) throws IOException {
        Path dir = fuseDirectory(e);
        Files.createDirectories(dir);
        Path pidFile = dir.resolveSibling(dir.getFileName() + ".pid");
        Files.deleteIfExists(pidFile);
        Path log = dir.resolveSibling(dir.getFileName() + ".log");
        Process p = new ProcessBuilder("nbdfuse", "-P", pidFile.toString(), dir.resolve("disk").toString(), e.uri())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        // nbdfuse writes its PID file once it serves the file.
        while (!Files.exists(pidFile)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("nbdfuse could not attach " + e.uri() + "; see " + log);
            }
            sleep(20);
        }
        try {
            return Path.of(run("losetup", "-f", "--show", dir.resolve("disk").toString()).strip());
        } catch (IOException failed) {
            run("fusermount3", "-u", dir.toString());
            throw failed;
        }
    }

    /** Runs a command to completion; its standard output, or an IOException with what it said. */
    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            if (!p.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": timed out");
            }
        } catch (InterruptedException ex) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + ": interrupted");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out.strip());
        }
        return out;
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
