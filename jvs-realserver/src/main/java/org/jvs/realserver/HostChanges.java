package org.jvs.realserver;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change a real server makes to its host (addresses, sysctls, the nftables table, the TUN
 * device), each logged in one line as it is made, and all taken back in reverse order by
 * {@link #close()}: a VIP leaves before ARP suppression is lifted, so no moment exists in which the
 * host answers ARP for it. Settings already as wanted are left alone and not restored. Not
 * thread-safe: the thread that starts or stops the real server owns it.
 */
final class HostChanges implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostChanges.class);
    /** Per-interface IPv4 settings; like all of /proc/sys/net, those of this process's namespace. */
    private static final Path CONF = Path.of("/proc/sys/net/ipv4/conf");

    /** How to take one change back. */
    @FunctionalInterface
    interface Undo {
        void run() throws IOException;
    }

    private record Change(String undone, Undo undo) {
    }

    private final Deque<Change> made = new ArrayDeque<>();

    /**
     * Records a change just made: logs {@code what} now, and {@code undone} once {@code undo} has run
     * at {@link #close()}.
     */
    void made(String what, String undone, Undo undo) {
        LOG.info("{}", what);
        made.push(new Change(undone, undo));
    }

    /** Sets {@code net.ipv4.conf.DEVICE.KEY} (DEVICE may be {@code all}), to restore the old value at close. */
    void setConf(String device, String key, String value) throws IOException {
        Path file = CONF.resolve(device).resolve(key);
        String name = "net.ipv4.conf." + device + "." + key;
        String old = Files.readString(file).strip();
        if (old.equals(value)) {
            LOG.info("{} is already {}", name, value);
            return;
        }
        Files.writeString(file, value);
        made("set " + name + "=" + value + " (was " + old + ")", "restored " + name + "=" + old,
                () -> Files.writeString(file, old));
    }

    /**
     * Adds {@code address} as a host address (/32, /128) to {@code device} unless it is there
     * already, to remove it at close. IPv6 skips duplicate address detection: the address is meant
     * to exist on several hosts, and must be usable at once.
     */
    void addAddress(InetAddress address, String device) throws IOException {
        boolean v6 = address instanceof Inet6Address;
        String text = RealServerOptions.text(address);
        String cidr = text + (v6 ? "/128" : "/32");
        String shown = Commands.run(List.of("ip", "-o", v6 ? "-6" : "-4", "addr", "show", "dev", device), "");
        if (shown.contains((v6 ? " inet6 " : " inet ") + text + "/")) {
            LOG.info("{} is already on {}, left as it is", text, device);
            return;
        }
        List<String> add = new java.util.ArrayList<>(List.of("ip", "addr", "add", cidr, "dev", device));
        if (v6) {
            add.add("nodad");
        }
        Commands.run(add, "");
        made("added " + cidr + " to " + device, "removed " + cidr + " from " + device,
                () -> Commands.run(List.of("ip", "addr", "del", cidr, "dev", device), ""));
    }

    /** Installs the nftables table {@code table} with {@code script}, to delete it at close. */
    void installNftables(String table, String script, String purpose, String removal) throws IOException {
        Commands.run(List.of("nft", "-f", "-"), script);
        made("installed nftables table '" + table + "': " + purpose, "removed nftables table '" + table + "'",
                () -> Commands.run(List.of("nft", "-f", "-"), removal));
    }

    /** Takes every change back, newest first; one that fails is logged and the others still run. */
    @Override
    public void close() {
        while (!made.isEmpty()) {
            Change c = made.pop();
            try {
                c.undo().run();
                LOG.info("{}", c.undone());
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not take a change back ({}): {}", c.undone(), e.getMessage());
            }
        }
    }
}
