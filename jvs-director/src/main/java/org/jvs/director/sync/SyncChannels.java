package org.jvs.director.sync;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvsadm.control.SyncDaemonConfig;
import org.jvs.ipvs.sync.SyncProtocol;

/**
 * The multicast sockets of the sync daemons, set up as ip_vs_sync.c sets up its own: the master
 * sends from the interface's primary address with the configured TTL and multicast loop off; the
 * backup binds the group and port and joins the group on the interface.
 */
final class SyncChannels {
    private SyncChannels() {
    }

    static InetSocketAddress group(SyncDaemonConfig c) throws IOException {
        InetAddress group = c.mcastGroup() == null ? InetAddress.getByName(SyncProtocol.DEFAULT_GROUP)
                : InetAddress.getByName(c.mcastGroup().toString());
        return new InetSocketAddress(group, c.mcastPort() == 0 ? SyncProtocol.DEFAULT_PORT : c.mcastPort());
    }

    /** The interface, or ENODEV as the kernel answers for an unknown mcast interface. */
    static NetworkInterface device(SyncDaemonConfig c) throws IpvsException {
        try {
            NetworkInterface ni = NetworkInterface.getByName(c.mcastInterface());
            if (ni == null) {
                throw new IpvsException(Errno.ENODEV, "no interface " + c.mcastInterface());
            }
            return ni;
        } catch (java.net.SocketException e) {
            throw new IpvsException(Errno.ENODEV, "interface " + c.mcastInterface() + ": " + e.getMessage());
        }
    }

    static DatagramChannel sender(SyncDaemonConfig c, NetworkInterface ni, InetSocketAddress group) throws IOException {
        boolean v6 = group.getAddress() instanceof Inet6Address;
        DatagramChannel ch = DatagramChannel.open(family(v6));
        try {
            ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, ni);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, c.mcastTtl() == 0 ? SyncProtocol.DEFAULT_TTL : c.mcastTtl());
            ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
            ch.bind(new InetSocketAddress(primaryAddress(ni, v6), 0));
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    static DatagramChannel receiver(NetworkInterface ni, InetSocketAddress group) throws IOException {
        boolean v6 = group.getAddress() instanceof Inet6Address;
        DatagramChannel ch = DatagramChannel.open(family(v6));
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(group);
            ch.join(group.getAddress(), ni);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static ProtocolFamily family(boolean v6) {
        return v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static InetAddress primaryAddress(NetworkInterface ni, boolean v6) throws IOException {
        InetAddress found = null;
        for (var a : ni.getInterfaceAddresses()) {
            InetAddress ip = a.getAddress();
            if (found == null && (v6 ? ip instanceof Inet6Address : ip instanceof Inet4Address)) {
                found = ip;
            }
        }
        if (found == null) {
            throw new IOException("interface " + ni.getName() + " has no " + (v6 ? "IPv6" : "IPv4") + " address");
        }
        return found;
    }
}
