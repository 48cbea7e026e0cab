package org.jvs.ldirectord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Notices that the configuration file changed on disk, as ldirectord's {@code check_cfgfile}: only
 * when its modification time moved is the content hashed (MD5), and only a different hash counts —
 * so touching the file, or saving it unchanged, is not a change. The first look only records.
 * Not thread-safe: the daemon loop owns it.
 */
final class ConfigWatcher {
    private final Path file;
    private FileTime seenTime;
    private byte[] seenDigest;

    ConfigWatcher(Path file) {
        this.file = file;
    }

    /** Whether the file's content changed since the previous call that saw it. */
    boolean changed() {
        FileTime mtime;
        byte[] digest;
        try {
            mtime = Files.getLastModifiedTime(file);
            if (mtime.equals(seenTime)) {
                return false;
            }
            digest = MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 missing from the JDK", e);
        }
        seenTime = mtime;
        boolean changed = seenDigest != null && !MessageDigest.isEqual(seenDigest, digest);
        seenDigest = digest;
        return changed;
    }
}
