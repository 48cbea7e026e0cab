package org.jvs.heartbeat.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The mount points of {@code /proc/mounts} (this process's mount namespace), read afresh on every
 * question, as the Filesystem agent's {@code list_mounts} does. Spaces and other characters appear
 * there as octal escapes ({@code \040}) and are decoded. Stateless; thread-safe.
 */
public final class MountTable {
    private final Path file;

    /** The table in {@code file} ({@code /proc/mounts} in production). */
    public MountTable(Path file) {
        this.file = file;
    }

    /** Whether {@code directory} (canonical, no trailing slash) is a mount point. */
    public boolean isMountPoint(String directory) {
        return mountPoints().contains(directory);
    }

    /** Whether something is mounted strictly below {@code directory}. */
    public boolean hasMountBelow(String directory) {
        String prefix = directory.equals("/") ? "/" : directory + "/";
        return mountPoints().stream().anyMatch(m -> m.startsWith(prefix) && !m.equals(directory));
    }

    private List<String> mountPoints() {
        try {
            return Files.readAllLines(file).stream().map(l -> l.split(" ")).filter(w -> w.length > 2)
                    .map(w -> decode(w[1])).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String decode(String field) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
