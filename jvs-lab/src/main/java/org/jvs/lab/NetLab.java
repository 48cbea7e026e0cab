package org.jvs.lab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throw-away network of hosts on one machine: each host a network namespace, joined by veth
 * pairs, with no route out of the lab. Everything it creates (namespaces, links, processes) is
 * removed by {@link #close()}, also after a failure, and namespaces left behind by a crashed earlier
 * run with the same prefix are removed at creation. Needs root. Not thread-safe.
 */
public final class NetLab implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final String prefix;
    private final List<Host> hosts = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private int links;

    private NetLab(String prefix) {
        this.prefix = prefix;
    }

    /** Whether this process may build labs (root). */
    public static boolean available() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Creates an empty lab. Namespace names are {@code PREFIX-PID-N-host}, short enough for
     * interface names derived from them.
     */
    public static NetLab create(String prefix) throws IOException {
        String p = prefix + ProcessHandle.current().pid() + "x" + SEQ.incrementAndGet();
        NetLab lab = new NetLab(p);
        lab.removeLeftovers(prefix);
        return lab;
    }

    /** Adds a host (a new namespace with loopback up). */
    public Host host(String name) throws IOException {
        String ns = prefix + "-" + name;
        Shell.run(List.of("ip", "netns", "add", ns));
        Host h = new Host(this, name, ns);
        hosts.add(h);
        h.run("ip", "link", "set", "lo", "up");
        // No IPv6 autoconfiguration noise (router solicitations, DAD) on lab links.
        h.sysctl("net.ipv6.conf.all.disable_ipv6", "1");
        h.sysctl("net.ipv6.conf.default.disable_ipv6", "1");
        return h;
    }

    /**
     * Joins two hosts with a veth pair: {@code ifA} in {@code a} with {@code cidrA} (may be null) and
     * {@code ifB} in {@code b} with {@code cidrB}; both ends up.
     */
    public void link(Host a, String ifA, String cidrA, Host b, String ifB, String cidrB) throws IOException {
        String tmpA = "jl" + ProcessHandle.current().pid() % 100000 + "a" + links;
        String tmpB = "jl" + ProcessHandle.current().pid() % 100000 + "b" + links;
        links++;
        Shell.run(List.of("ip", "link", "add", tmpA, "type", "veth", "peer", "name", tmpB));
        Shell.run(List.of("ip", "link", "set", tmpA, "netns", a.namespace()));
        Shell.run(List.of("ip", "link", "set", tmpB, "netns", b.namespace()));
        a.run("ip", "link", "set", tmpA, "name", ifA);
        b.run("ip", "link", "set", tmpB, "name", ifB);
        configure(a, ifA, cidrA);
        configure(b, ifB, cidrB);
    }

    /**
     * Adds an Ethernet switch: a host holding a bridge {@code br0}, to which {@link #attach} plugs
     * other hosts, so several hosts share one segment (a director and its real servers).
     */
    public Host switchHost(String name) throws IOException {
        Host sw = host(name);
        sw.run("ip", "link", "add", "br0", "type", "bridge");
        sw.run("ip", "link", "set", "br0", "up");
        return sw;
    }

    /** Plugs {@code host} into the bridge of {@code sw} through a new interface {@code ifName} with {@code cidr}. */
    public void attach(Host sw, Host host, String ifName, String cidr) throws IOException {
        String port = "p" + links;
        link(sw, port, null, host, ifName, cidr);
        sw.run("ip", "link", "set", port, "master", "br0");
    }

    private static void configure(Host h, String ifName, String cidr) throws IOException {
        if (cidr != null) {
            h.run("ip", "addr", "add", cidr, "dev", ifName);
        }
        h.run("ip", "link", "set", ifName, "up");
    }

    /** The hosts created so far. */
    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    Process track(Process p) {
        processes.add(p);
        return p;
    }

    /** Stops every process started in the lab and deletes every namespace. */
    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Host h : hosts) {
            deleteNamespace(h.namespace());
        }
        hosts.clear();
    }

    private static void deleteNamespace(String ns) {
        try {
            // Processes still inside (started by something other than spawn) would keep it alive.
            Shell.Result pids = Shell.tryRun(List.of("ip", "netns", "pids", ns));
            for (String pid : pids.stdout().split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            Shell.tryRun(List.of("ip", "netns", "del", ns));
        } catch (IOException | NumberFormatException e) {
            System.err.println("netlab: could not delete namespace " + ns + ": " + e.getMessage());
        }
    }

    /** Removes namespaces of earlier runs with this prefix whose process is gone. */
    private void removeLeftovers(String basePrefix) throws IOException {
        Shell.Result list = Shell.tryRun(List.of("ip", "netns", "list"));
        for (String line : list.stdout().split("\n")) {
            String ns = line.split(" ")[0];
            if (!ns.startsWith(basePrefix) || ns.startsWith(prefix)) {
                continue;
            }
            String rest = ns.substring(basePrefix.length());
            int x = rest.indexOf('x');
            if (x <= 0 || !rest.substring(0, x).chars().allMatch(Character::isDigit)) {
                continue;
            }
            long pid = Long.parseLong(rest.substring(0, x));
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            deleteNamespace(ns);
        }
    }
}
