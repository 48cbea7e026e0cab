package org.jvs.ipvsadm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The services database ({@code /etc/services}): lines of {@code name port/protocol [aliases]}
 * with {@code #} comments. Lookups return the first matching line, as glibc's files backend does.
 * Immutable once parsed; thread-safe.
 */
public final class EtcServices {
    /** Where Debian keeps it. */
    public static final Path DEFAULT = Path.of("/etc/services");

    private final List<Entry> entries;

    private EtcServices(List<Entry> entries) {
        this.entries = entries;
    }

    /** Reads {@code file}; a missing file is an empty database, as for the C library. */
    public static EtcServices load(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return new EtcServices(List.of());
        }
    }

    /** Parses the text of a services file; malformed lines are skipped. */
    public static EtcServices parse(String text) {
        List<Entry> list = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("[ \t\r]+");
            if (f.length < 2) {
                continue;
            }
            int slash = f[1].indexOf('/');
            if (slash <= 0 || slash == f[1].length() - 1) {
                continue;
            }
            long port = CNumbers.stringToNumber(f[1].substring(0, slash), 0, 65535);
            if (port == CNumbers.INVALID || !f[1].substring(0, slash).chars().allMatch(Character::isDigit)) {
                continue;
            }
            List<String> names = new ArrayList<>(f.length - 1);
            names.add(f[0]);
            for (int i = 2; i < f.length; i++) {
                names.add(f[i]);
            }
            list.add(new Entry(List.copyOf(names), (int) port, f[1].substring(slash + 1)));
        }
        return new EtcServices(List.copyOf(list));
    }

    /** getservbyname: the port of {@code name} (or an alias) for {@code protocol} ("tcp"), or -1. */
    public int port(String name, String protocol) {
        for (Entry e : entries) {
            if (e.protocol.equals(protocol) && e.names.contains(name)) {
                return e.port;
            }
        }
        return -1;
    }

    /** getservbyport: the official name of {@code port} for {@code protocol}, or null. */
    public String name(int port, String protocol) {
        for (Entry e : entries) {
            if (e.port == port && e.protocol.equals(protocol)) {
                return e.names.getFirst();
            }
        }
        return null;
    }

    private record Entry(List<String> names, int port, String protocol) {
    }
}
