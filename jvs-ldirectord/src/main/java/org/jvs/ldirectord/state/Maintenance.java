package org.jvs.ldirectord.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jvs.ldirectord.config.Addresses;
import org.jvs.ldirectord.config.NameResolver;
import org.jvs.ldirectord.config.RealServerConfig;

/**
 * The {@code maintenancedir} files that force a real server down without a check, looked for in
 * ldirectord's order: {@code ip:port}, {@code ip}, {@code fqdn:port}, {@code fqdn},
 * {@code short:port}, {@code short} (names by reverse lookup; IPv6 addresses in brackets).
 * Thread-safe.
 */
public final class Maintenance {
    private static final Pattern SHORT_NAME = Pattern.compile("^([a-z][a-z0-9\\-]+)\\.");

    private final Path dir;
    private final NameResolver resolver;

    /** @param dir the maintenance directory, or null when none is configured */
    public Maintenance(Path dir, NameResolver resolver) {
        this.dir = dir;
        this.resolver = resolver;
    }

    /** Whether a maintenance file names the real server. May do a reverse DNS lookup. */
    public boolean inMaintenance(RealServerConfig r) {
        if (dir == null) {
            return false;
        }
        String ip = Addresses.hostText(r.address());
        List<String> names = new ArrayList<>(List.of(ip + ":" + r.port(), ip));
        if (Files.exists(dir.resolve(names.get(0))) || Files.exists(dir.resolve(names.get(1)))) {
            return true;
        }
        String fqdn = resolver.reverse(r.address());
        if (fqdn == null) {
            return false;
        }
        names = new ArrayList<>(List.of(fqdn + ":" + r.port(), fqdn));
        Matcher m = SHORT_NAME.matcher(fqdn);
        if (m.find()) {
            names.add(m.group(1) + ":" + r.port());
            names.add(m.group(1));
        }
        return names.stream().anyMatch(n -> Files.exists(dir.resolve(n)));
    }
}
