package org.jvs.heartbeat.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jvs.heartbeat.auth.AuthKeys;
import org.jvs.heartbeat.auth.AuthKeysParser;

/**
 * Loads a {@link HeartbeatConfig} from a configuration directory in heartbeat's order: ha.cf, then
 * authkeys, then haresources, stopping at the first file that has errors (as heartbeat does). The
 * local node name is the first line of {@code nodeinfo} in that directory if present, else
 * {@code uname -n} (read from /proc so it follows the UTS namespace), lower-cased. Stateless.
 */
public final class ConfigLoader {
    /** The default configuration directory. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/etc/ha.d");
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private final Path directory;

    public ConfigLoader(Path directory) {
        this.directory = directory;
    }

    /** Reads and validates the three files. */
    public HeartbeatConfig load() throws IOException, ConfigException {
        String node = localNodeName();
        HaConfig haCf = new HaCfParser().parse(require(directory.resolve("ha.cf"), "Cannot open config file [%s]"), node);
        AuthKeys keys = new AuthKeysParser().parse(require(directory.resolve("authkeys"), "Cannot open keyfile [%s].  Stop."));
        List<String> nodes = haCf.nodes();
        HaResources resources = new HaResourcesParser().parse(require(directory.resolve("haresources"),
                "Cannot open resources file [%s]"), nodes);
        return new HeartbeatConfig(directory, haCf, keys, resources);
    }

    /** This node's cluster name as heartbeat determines it. */
    public String localNodeName() throws IOException {
        Path nodeinfo = directory.resolve("nodeinfo");
        if (Files.isRegularFile(nodeinfo)) {
            List<String> lines = Files.readAllLines(nodeinfo, StandardCharsets.ISO_8859_1);
            if (!lines.isEmpty() && !lines.get(0).isEmpty()) {
                return lines.get(0).toLowerCase(Locale.ROOT);
            }
        }
        return Files.readString(KERNEL_HOSTNAME, StandardCharsets.ISO_8859_1).strip().toLowerCase(Locale.ROOT);
    }

    /** The file, or heartbeat's "cannot open" error ({@code message} has one %s for the path). */
    private static Path require(Path file, String message) throws ConfigException, IOException {
        if (!Files.exists(file)) {
            throw new ConfigException(file, 0, message.formatted(file));
        }
        return file;
    }
}
