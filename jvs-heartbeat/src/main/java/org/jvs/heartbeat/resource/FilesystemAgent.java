package org.jvs.heartbeat.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in Filesystem resource, {@code Filesystem::DEVICE::DIRECTORY[::FSTYPE[::OPTIONS]]}, with
 * the OCF Filesystem agent's semantics at its v1 defaults: status is whether DIRECTORY is a mount
 * point in {@code /proc/mounts}; start refuses when something is mounted below DIRECTORY, succeeds
 * at once when already mounted, runs {@code fsck -p} for file systems without a journal
 * ({@code run_fsck=auto}), creates DIRECTORY and mounts; stop succeeds when not mounted, else tries
 * {@code umount} and, while it fails, signals the users {@code fuser -m} finds (TERM ten times, then
 * KILL ten times, a second apart: {@code force_unmount=true}, a 20 s stop). A DEVICE that does not
 * exist but names a jvs DRBD volume is attached before the mount and detached after the unmount.
 * Thread-safe.
 */
public final class FilesystemAgent implements ResourceAgent {
    /** OCF exit codes the agent reports. */
    static final int ERR_GENERIC = 1;
    static final int ERR_ARGS = 2;
    static final int ERR_INSTALLED = 5;
    static final int ERR_CONFIGURED = 6;
    /** Tries per signal: the OCF agent's 20 s default stop timeout, half with each signal. */
    static final int TRIES_PER_SIGNAL = 10;
    private static final long TRY_PAUSE_MS = 1000;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    /** File systems run_fsck=auto does not check (the OCF agent's list). */
    private static final Set<String> NO_FSCK = Set.of("ext4", "ext4dev", "ext3", "reiserfs", "reiser4", "nss", "xfs",
            "jfs", "vfat", "fat", "nfs4", "nfs", "efs", "cifs", "smbfs", "ocfs2", "gfs2", "none", "lustre", "glusterfs",
            "ceph", "tmpfs", "overlay", "overlayfs", "rozofs", "zfs", "cvfs");
    /** File systems that are not on a block device. */
    private static final Set<String> NOT_BLOCK = Set.of("nfs4", "nfs", "efs", "smbfs", "cifs", "none", "glusterfs",
            "ceph", "tmpfs", "overlay", "overlayfs", "rozofs", "zfs", "cvfs", "lustre");

    private final List<String> args;
    private final CommandRunner runner;
    private final ExportedDevices exported;
    private final MountTable mounts;
    private final ResourceManager.Pause pause;

    /**
     * @param args     the haresources arguments: device, directory, optional fstype and options
     * @param runner   runs mount, umount, fsck and fuser
     * @param exported attaches devices that are jvs DRBD volumes
     * @param mounts   the mount table
     * @param pause    waits between unmount tries
     */
    public FilesystemAgent(List<String> args, CommandRunner runner, ExportedDevices exported, MountTable mounts,
                           ResourceManager.Pause pause) {
        this.args = List.copyOf(args);
        this.runner = runner;
        this.exported = exported;
        this.mounts = mounts;
        this.pause = pause;
    }

    private String device() {
        return args.get(0);
    }

    private String directory() {
        // The mount table shows the canonical path without a trailing slash.
        String d = args.get(1);
        return d.length() > 1 && d.endsWith("/") ? d.substring(0, d.length() - 1) : d;
    }

    private String fstype() {
        return args.size() > 2 ? args.get(2) : "";
    }

    private static CommandRunner.Result fail(int code, String message) {
        return new CommandRunner.Result(code, "", "ERROR: " + message);
    }

    @Override
    public CommandRunner.Result start() {
        if (args.size() < 2) {
            return fail(ERR_ARGS, "usage: Filesystem <device> <directory> [<fstype> [<options>]]");
        }
        if (mounts.hasMountBelow(directory())) {
            return fail(ERR_CONFIGURED, "There is one or more mounts mounted under " + directory() + ".");
        }
        if (mounts.isMountPoint(directory())) {
            return new CommandRunner.Result(0, "", "INFO: Filesystem " + directory() + " is already mounted.");
        }
        String device = device();
        boolean attached = false;
        if (exportedDevice()) {
            try {
                Optional<Path> dev = exported.attach(device);
                if (dev.isEmpty()) {
                    return fail(ERR_INSTALLED, "Couldn't find device [" + device + "]. Expected /dev/??? to exist");
                }
                device = dev.get().toString();
                attached = true;
            } catch (IOException e) {
                return fail(ERR_GENERIC, "Couldn't attach device [" + device + "]: " + e.getMessage());
            }
        }
        CommandRunner.Result r = mount(device);
        if (!r.ok() && attached) {
            detach();
        }
        return r;
    }

    private CommandRunner.Result mount(String device) {
        if (!fstype().isEmpty() && !NO_FSCK.contains(fstype()) && !NOT_BLOCK.contains(fstype())) {
            CommandRunner.Result fsck = runner.run(List.of("fsck", "-t", fstype(), "-p", device), COMMAND_TIMEOUT);
            // fsck: 1 and 2 mean errors corrected; 4 and above, a real problem.
            if (fsck.exitCode() >= 4) {
                return fail(ERR_GENERIC, "Couldn't successfully fsck filesystem for " + device);
            }
        }
        try {
            Files.createDirectories(Path.of(directory()));
        } catch (IOException e) {
            return fail(ERR_INSTALLED, "Couldn't find directory [" + directory() + "] to use as a mount point");
        }
        List<String> cmd = new ArrayList<>(List.of("mount"));
        if (!fstype().isEmpty()) {
            cmd.addAll(List.of("-t", fstype()));
        }
        if (args.size() > 3) {
            cmd.addAll(List.of("-o", args.get(3)));
        }
        cmd.addAll(List.of(device, directory()));
        CommandRunner.Result r = runner.run(cmd, COMMAND_TIMEOUT);
        return r.ok() ? r : new CommandRunner.Result(ERR_GENERIC, r.stdout(),
                r.stderr() + "ERROR: Couldn't mount device [" + device + "] as " + directory());
    }

    @Override
    public CommandRunner.Result stop() {
        if (args.size() < 2) {
            return fail(ERR_ARGS, "usage: Filesystem <device> <directory> [<fstype> [<options>]]");
        }
        StringBuilder said = new StringBuilder();
        if (mounts.isMountPoint(directory()) && !unmount(said)) {
            return new CommandRunner.Result(ERR_GENERIC, "", said + "ERROR: Couldn't unmount " + directory()
                    + ", giving up!");
        }
        return detach().map(e -> fail(ERR_GENERIC, e)).orElse(new CommandRunner.Result(0, "", said.toString()));
    }

    /** umount, and while that fails, TERM then KILL for whoever uses the file system. */
    private boolean unmount(StringBuilder said) {
        for (boolean kill : new boolean[] {false, true}) {
            for (int i = 0; i < TRIES_PER_SIGNAL; i++) {
                CommandRunner.Result r = runner.run(List.of("umount", directory()), COMMAND_TIMEOUT);
                if (!mounts.isMountPoint(directory())) {
                    return true;
                }
                said.append(r.stderr());
                signalUsers(kill, said);
                pause.sleep(TRY_PAUSE_MS);
            }
        }
        return false;
    }

    private void signalUsers(boolean kill, StringBuilder said) {
        // fuser prints the PIDs on standard output and the access letters on standard error.
        String pids = runner.run(List.of("fuser", "-m", directory()), COMMAND_TIMEOUT).stdout();
        long self = ProcessHandle.current().pid();
        for (String w : pids.trim().split("\\s+")) {
            if (w.matches("\\d+") && Long.parseLong(w) != self) {
                said.append("INFO: sending signal ").append(kill ? "KILL" : "TERM").append(" to: ").append(w)
                        .append('\n');
                ProcessHandle.of(Long.parseLong(w)).ifPresent(p -> {
                    if (kill) {
                        p.destroyForcibly();
                    } else {
                        p.destroy();
                    }
                });
            }
        }
    }

    /** Whether DEVICE is a block device no kernel driver provides (a jvs DRBD volume, if any). */
    private boolean exportedDevice() {
        return !NOT_BLOCK.contains(fstype()) && device().startsWith("/dev/") && !Files.exists(Path.of(device()));
    }

    /** Detaches a jvs DRBD device if this resource attached one; the problem, if any. */
    private Optional<String> detach() {
        if (!exportedDevice()) {
            return Optional.empty();
        }
        try {
            exported.detach(device());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("Couldn't detach device [" + device() + "]: " + e.getMessage());
        }
    }

    @Override
    public boolean running() {
        return args.size() >= 2 && mounts.isMountPoint(directory());
    }

    @Override
    public String describe() {
        return "Filesystem " + String.join(" ", args);
    }
}
