package org.jvs.realserver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
                byte[] b = a.getAddress();
                if (a instanceof Inet4Address) {
                    v4.add((b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF);
                } else if (a instanceof Inet6Address && !a.isLinkLocalAddress()) {
                    long high = 0;
                    long low = 0;
                    for (int i = 0; i < 8; i++) {
                        high = high << 8 | (b[i] & 0xFF);
                        low = low << 8 | (b[i + 8] & 0xFF);
                    }
                    v6.add(high);
                    v6.add(low);
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
            text.add((a >>> 24) + "." + (a >>> 16 & 0xFF) + "." + (a >>> 8 & 0xFF) + "." + (a & 0xFF));
        }
        for (int i = 0; i < v6.length; i += 2) {
            byte[] b = java.nio.ByteBuffer.allocate(16).putLong(v6[i]).putLong(v6[i + 1]).array();
            try {
                text.add(RealServerOptions.text(InetAddress.getByAddress(b)));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("sixteen bytes are always an address", e);
            }
        }
        return String.join(", ", text);
    }
}
