package org.jvs.heartbeat.resource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The built-in IPaddr and IPaddr2 resource: the VIP is added with {@code ip addr add} on the named
 * interface (or the one whose subnet contains it, with that subnet's prefix, as heartbeat's findif
 * does), announced with gratuitous ARP, and removed with {@code ip addr del}. Status is whether the
 * address is on the interface. Thread-safe.
 */
public final class IpAddrAgent implements ResourceAgent {
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);

    private final String type;
    private final String arg;
    private final CommandRunner runner;
    private final GratuitousArp arp;

    public IpAddrAgent(String type, String arg, CommandRunner runner, GratuitousArp arp) {
        this.type = type;
        this.arg = arg;
        this.runner = runner;
        this.arp = arp;
    }

    /** Where the address goes: interface and prefix, resolved against the host's addresses. */
    private record Placement(String nic, int prefix) {
    }

    private Optional<Placement> place(IpAddress ip) {
        if (ip.nic().isPresent() && ip.prefix().isPresent()) {
            return Optional.of(new Placement(ip.nic().get(), ip.prefix().get()));
        }
        CommandRunner.Result r = runner.run(List.of("ip", "-o", "-4", "addr", "show"), IP_TIMEOUT);
        for (String line : r.stdout().split("\n")) {
            // "2: eth0    inet 10.0.0.1/24 brd 10.0.0.255 scope global eth0\ ..."
            String[] w = line.trim().split("\\s+");
            if (w.length < 4 || !w[2].equals("inet") || w[1].equals("lo")) {
                continue;
            }
            String[] cidr = w[3].split("/");
            int bits = Integer.parseInt(cidr[1]);
            String nic = w[1];
            if ((ip.nic().isEmpty() || ip.nic().get().equals(nic)) && sameSubnet(cidr[0], ip, bits)) {
                return Optional.of(new Placement(nic, ip.prefix().orElse(bits)));
            }
        }
        return ip.nic().map(n -> new Placement(n, ip.prefix().orElse(32)));
    }

    private static boolean sameSubnet(String a, IpAddress ip, int bits) {
        try {
            byte[] x = java.net.InetAddress.getByName(a).getAddress();
            byte[] y = ip.address().getAddress();
            int mask = bits == 0 ? 0 : -1 << (32 - bits);
            return (toInt(x) & mask) == (toInt(y) & mask);
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static int toInt(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    @Override
    public CommandRunner.Result start() {
        IpAddress ip;
        try {
            ip = IpAddress.parse(arg);
        } catch (IllegalArgumentException e) {
            return new CommandRunner.Result(2, "", e.getMessage());
        }
        Optional<Placement> where = place(ip);
        if (where.isEmpty()) {
            return new CommandRunner.Result(1, "", type + ": Unable to find an interface for " + arg);
        }
        if (present(ip, where.get().nic())) {
            return new CommandRunner.Result(0, "", "");
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "-4", "addr", "add",
                ip.address().getHostAddress() + "/" + where.get().prefix(), "brd", ip.broadcast().orElse("+"), "dev",
                where.get().nic()));
        CommandRunner.Result r = runner.run(cmd, IP_TIMEOUT);
        if (r.ok()) {
            arp.announce(where.get().nic(), ip.address(), GratuitousArp.DEFAULT_COUNT,
                    GratuitousArp.DEFAULT_INTERVAL_MS);
        }
        return r;
    }

    @Override
    public CommandRunner.Result stop() {
        IpAddress ip;
        try {
            ip = IpAddress.parse(arg);
        } catch (IllegalArgumentException e) {
            return new CommandRunner.Result(2, "", e.getMessage());
        }
        arp.cancel(ip.address());
        Optional<String> nic = nicHolding(ip);
        if (nic.isEmpty()) {
            // LSB: stopping a stopped resource succeeds.
            return new CommandRunner.Result(0, "", "");
        }
        CommandRunner.Result r = runner.run(List.of("ip", "-4", "addr", "del",
                ip.address().getHostAddress() + "/" + prefixOn(ip), "dev", nic.get()), IP_TIMEOUT);
        return r.ok() || nicHolding(ip).isEmpty() ? new CommandRunner.Result(0, r.stdout(), r.stderr()) : r;
    }

    @Override
    public boolean running() {
        try {
            return nicHolding(IpAddress.parse(arg)).isPresent();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean present(IpAddress ip, String nic) {
        return nicHolding(ip).filter(nic::equals).isPresent();
    }

    /** The interface that currently carries the address, if any. */
    private Optional<String> nicHolding(IpAddress ip) {
        return addrLine(ip).map(w -> w[1]);
    }

    private String prefixOn(IpAddress ip) {
        return addrLine(ip).map(w -> w[3].split("/")[1]).orElse("32");
    }

    private Optional<String[]> addrLine(IpAddress ip) {
        CommandRunner.Result r = runner.run(List.of("ip", "-o", "-4", "addr", "show"), IP_TIMEOUT);
        String want = ip.address().getHostAddress() + "/";
        for (String line : r.stdout().split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length >= 4 && w[2].equals("inet") && w[3].startsWith(want)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    @Override
    public String describe() {
        return type + " " + arg;
    }
}
