package org.jvs.realserver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jvs.ipvs.IpAddress;

/**
 * The addresses of this host a director may tunnel to: every IPv4 and global or unique-local IPv6
 * address of its interfaces but loopback and the VIPs, in the forms {@link TunnelDecoder} compares
 * (IPv4 as an int in network order, IPv6 as two longs). Immutable.
 *
 * @param v4 IPv4 addresses, 10.0.0.1 as 0x0A000001
 * @param v6 IPv6 addresses, each as its first and last eight bytes, one after the other
 */
record OwnAddresses(int[] v4, long[] v6) {
    /** Reads the addresses of this process's network namespace, leaving out {@code vips}. */
    static OwnAddresses of(List<InetAddress> vips) throws SocketException {
        List<Integer> v4 = new ArrayList<>();
        List<Long> v6 = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a.isLoopbackAddress() || vips.contains(a)) {
                    continue;
                }
                IpAddress address = IpAddress.ofBytes(a.getAddress());
                if (a instanceof Inet4Address) {
                    v4.add(address.v4());
                } else if (a instanceof Inet6Address && !a.isLinkLocalAddress()) {
                    v6.add(address.hi());
                    v6.add(address.lo());
                }
            }
        }
        return new OwnAddresses(v4.stream().mapToInt(Integer::intValue).toArray(),
                v6.stream().mapToLong(Long::longValue).toArray());
    }

    boolean isEmpty() {
        return v4.length == 0 && v6.length == 0;
    }

    /** The addresses as an operator reads them, for the log. */
    @Override
    public String toString() {
        List<String> text = new ArrayList<>();
        for (int a : v4) {
            text.add(IpAddress.ofV4(a).toString());
        }
        for (int i = 0; i < v6.length; i += 2) {
            text.add(IpAddress.ofV6(v6[i], v6[i + 1]).toString());
        }
        return String.join(", ", text);
    }
}
