package org.jvs.common;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The directory that holds every runtime file of every jvs command (control sockets, PID files,
 * state): {@code /run/jvs} unless the environment variable {@code JVS_RUN_DIR} names another, so
 * several directors, heartbeat and drbd nodes can run side by side on one machine. Immutable.
 */
public record RunDirectory(Path path) {
    /** The environment variable that moves the run directory. */
    public static final String ENV = "JVS_RUN_DIR";
    /** The default run directory. */
    public static final Path DEFAULT = Path.of("/run/jvs");

    /** The run directory this process uses, from its environment. */
    public static RunDirectory fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** The run directory an environment selects. */
    public static RunDirectory fromEnvironment(Map<String, String> env) {
        String dir = env.get(ENV);
        return new RunDirectory(dir == null || dir.isBlank() ? DEFAULT : Path.of(dir));
    }

    /** A file inside the run directory. */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    /**
     * Creates the directory if needed with mode 0700 (root-only, so the control sockets inside are
     * never reachable by other users, even in the instant before their own mode is set).
     */
    public RunDirectory create() throws IOException {
        try {
            Files.createDirectories(path.getParent() == null ? path : path.getParent());
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(path)) {
                throw new IOException(path + " exists and is not a directory", e);
            }
        }
        return this;
    }

    /** The director's control socket. */
    public Path directorSocket() {
        return resolve("director.sock");
    }
}
