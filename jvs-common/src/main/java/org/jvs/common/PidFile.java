package org.jvs.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * A PID file as init scripts expect it: the decimal PID and a newline. Lets a command tell "running",
 * "stale PID file" and "stopped" apart, as LSB status actions must. Immutable; not locked.
 */
public record PidFile(Path path) {

    /** What a PID file says about its daemon. */
    public enum Status {
        /** The file names a live process. */
        RUNNING,
        /** The file exists but its process is gone (LSB status 1). */
        STALE,
        /** No file (LSB status 3). */
        STOPPED
    }

    /** Writes this process's PID, replacing any stale file. */
    public void writeCurrent() throws IOException {
        Files.writeString(path, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    /** The PID in the file, if the file exists and holds a number. */
    public OptionalLong read() throws IOException {
        try {
            String s = Files.readString(path, StandardCharsets.US_ASCII).trim();
            return s.matches("[0-9]{1,10}") ? OptionalLong.of(Long.parseLong(s)) : OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    /** RUNNING, STALE or STOPPED. */
    public Status status() throws IOException {
        if (!Files.exists(path)) {
            return Status.STOPPED;
        }
        OptionalLong pid = read();
        boolean alive = pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
        return alive ? Status.RUNNING : Status.STALE;
    }

    /** The live process named by the file, if any. */
    public java.util.Optional<ProcessHandle> process() throws IOException {
        OptionalLong pid = read();
        return pid.isPresent() ? ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive)
                : java.util.Optional.empty();
    }

    /** Removes the file if it still names this process. */
    public void removeIfOurs() throws IOException {
        OptionalLong pid = read();
        if (pid.isPresent() && pid.getAsLong() == ProcessHandle.current().pid()) {
            Files.deleteIfExists(path);
        }
    }
}
