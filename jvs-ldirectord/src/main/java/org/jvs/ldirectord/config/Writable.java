package org.jvs.ldirectord.config;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a file could be opened for appending, tested without creating it. Stateless. */
final class Writable {
    private Writable() {
    }

    static boolean forAppend(Path path) {
        if (Files.exists(path)) {
            return Files.isRegularFile(path) && Files.isWritable(path);
        }
        Path dir = path.toAbsolutePath().getParent();
        return dir != null && Files.isDirectory(dir) && Files.isWritable(dir);
    }
}
