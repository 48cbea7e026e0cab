package org.jvs.realserver;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.jvs.netio.ErrnoException;
import org.jvs.netio.Errno;
import org.jvs.netio.NetInterface;
import org.jvs.netio.PacketSocket;
import org.jvs.netio.TapDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running real server of an LVS cluster, set up on this host (this process's network namespace):
 * <ul>
 * <li>DR: the VIPs on {@code lo} as /32 (/128), ARP for them suppressed ({@code arp_ignore=1},
 * {@code arp_announce=2} on {@code all} and every interface that is up), so the director alone
 * answers for them while this host accepts the packets it is handed — for IPv6 VIPs nothing needs
 * suppressing: the kernel answers neighbor solicitations only for addresses of the asking interface;</li>
 * <li>TUN: the same ARP suppression on the receiving interfaces, the VIPs on the TUN device
 * {@value #TUN_DEVICE} (reverse-path filtering off there, since clients are not reached through it),
 * an nftables table that keeps the kernel away from the tunnel packets, and the
 * {@link Decapsulator} thread that feeds their inner packets into the device.</li>
 * </ul>
 * Replies leave through the host's normal routes with the VIP as source. {@link #start} makes every
 * change or none; {@link #close} takes them all back. Thread-safe.
 */
public final class RealServer implements AutoCloseable {
    /** The TUN device that holds the VIPs and receives the decapsulated packets in tun mode. */
    public static final String TUN_DEVICE = "jvstun0";
    private static final Logger LOG = LoggerFactory.getLogger(RealServer.class);

    private final HostChanges changes;
    private final Decapsulator decapsulator;
    private final TunnelCounters counters;
    private boolean closed;

    private RealServer(HostChanges changes, Decapsulator decapsulator, TunnelCounters counters) {
        this.changes = changes;
        this.decapsulator = decapsulator;
        this.counters = counters;
    }

    /**
     * Sets the host up as {@code options} say, logging one line per change.
     *
     * @param onFailure told once if decapsulation stops for good (an interface vanished); the caller
     *                  should then {@link #close} and exit
     * @throws IOException with an operator-readable reason; whatever was changed is taken back first
     */
    public static RealServer start(RealServerOptions options, Consumer<Exception> onFailure) throws IOException {
        HostChanges changes = new HostChanges();
        try {
            return options.mode() == RealServerOptions.Mode.DR
                    ? startDirectRouting(options, changes)
                    : startTunnel(options, changes, onFailure);
        } catch (IOException | RuntimeException e) {
            changes.close();
            throw e;
        }
    }

    private static RealServer startDirectRouting(RealServerOptions options, HostChanges changes) throws IOException {
        if (hasIpv4(options.vips())) {
            suppressArp(changes, ethernetInterfacesUp());
        }
        for (InetAddress vip : options.vips()) {
            changes.addAddress(vip, "lo");
        }
        LOG.info("LVS-DR real server for {}: the director answers ARP for them, this host accepts what it is sent",
                names(options.vips()));
        return new RealServer(changes, null, null);
    }

    private static RealServer startTunnel(RealServerOptions options, HostChanges changes,
            Consumer<Exception> onFailure) throws IOException {
        List<String> receiving = options.interfaces().isEmpty() ? ethernetInterfacesUp() : options.interfaces();
        if (receiving.isEmpty()) {
            throw new IOException("no interface to receive tunnelled packets on: none is up with an Ethernet"
                    + " address; name one with --interface");
        }
        OwnAddresses local = OwnAddresses.of(options.vips());
        if (local.isEmpty()) {
            throw new IOException("this host has no address of its own for the director to tunnel to");
        }
        TapDevice tun = openTun();
        changes.made("created TUN device " + TUN_DEVICE + " to hand decapsulated packets to the kernel",
                "removed TUN device " + TUN_DEVICE, tun::close);
        NetInterface.setUp(TUN_DEVICE, true);
        suppressArp(changes, receiving);
        // Clients are reached through the real interfaces, so a strict reverse-path check on the
        // device would drop every decapsulated packet; the kernel uses the larger of all and device.
        changes.setConf(TUN_DEVICE, "rp_filter", "0");
        changes.setConf("all", "rp_filter", "0");
        for (InetAddress vip : options.vips()) {
            changes.addAddress(vip, TUN_DEVICE);
        }
        List<PacketSocket> sockets = openSockets(receiving);
        TunnelCounters counters = new TunnelCounters();
        Decapsulator decapsulator = new Decapsulator(sockets, tun,
                new TunnelDecoder(local.v4(), local.v6(), options.guePort(), counters), counters, onFailure);
        try {
            String what = "IPIP, IPv6-in-IP, GRE" + (options.guePort() == 0 ? "" : " and GUE (udp port " + options.guePort() + ")");
            changes.installNftables(TunnelFilter.TABLE, TunnelFilter.ruleset(receiving, options.guePort()),
                    "drops " + what + " to this host on " + String.join(", ", receiving)
                            + " in prerouting, so the kernel does not answer it with ICMP unreachable",
                    TunnelFilter.removal());
            decapsulator.start();
        } catch (IOException | RuntimeException e) {
            decapsulator.close();
            throw e;
        }
        LOG.info("LVS-TUN real server for {}: decapsulating tunnel packets to {} from {} into {}",
                names(options.vips()), local, String.join(", ", receiving), TUN_DEVICE);
        return new RealServer(changes, decapsulator, counters);
    }

    private static TapDevice openTun() throws IOException {
        try {
            return TapDevice.openTun(TUN_DEVICE);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EBUSY) {
                throw new IOException(TUN_DEVICE + " is in use: is another 'jvs realserver tun' running here?", e);
            }
            throw e;
        }
    }

    /** The tutorial's ARP suppression: answer ARP only for addresses of the asking interface, announce the best. */
    private static void suppressArp(HostChanges changes, List<String> interfaces) throws IOException {
        for (String device : withAll(interfaces)) {
            changes.setConf(device, "arp_ignore", "1");
            changes.setConf(device, "arp_announce", "2");
        }
    }

    private static List<String> withAll(List<String> interfaces) {
        List<String> all = new ArrayList<>();
        all.add("all");
        all.addAll(interfaces);
        return all;
    }

    private static List<PacketSocket> openSockets(List<String> interfaces) throws IOException {
        List<PacketSocket> opened = new ArrayList<>();
        try {
            for (String name : interfaces) {
                PacketSocket s = PacketSocket.open(name);
                opened.add(s);
                s.setIgnoreOutgoing(true);
            }
            return opened;
        } catch (IOException | RuntimeException e) {
            for (PacketSocket s : opened) {
                try {
                    s.close();
                } catch (ErrnoException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /** Interfaces that are up and have an Ethernet address (so neither lo nor a TUN), in kernel order. */
    private static List<String> ethernetInterfacesUp() throws SocketException {
        List<String> up = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            byte[] mac = nif.getHardwareAddress();
            if (nif.isUp() && !nif.isLoopback() && !nif.isVirtual() && mac != null && mac.length == 6) {
                up.add(nif.getName());
            }
        }
        return up;
    }

    private static boolean hasIpv4(List<InetAddress> vips) {
        return vips.stream().anyMatch(a -> a instanceof Inet4Address);
    }

    private static String names(List<InetAddress> vips) {
        return String.join(", ", vips.stream().map(RealServerOptions::text).toList());
    }

    /** Stops decapsulating (tun mode) and takes every change back, newest first. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (decapsulator != null) {
            try {
                decapsulator.close();
            } catch (IOException e) {
                LOG.warn("stopping the decapsulator: {}", e.getMessage());
            }
            LOG.info("tunnel endpoint stopped: {}", counters.summary());
        }
        changes.close();
    }
}
