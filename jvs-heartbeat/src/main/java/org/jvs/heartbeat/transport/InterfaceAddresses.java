package org.jvs.heartbeat.transport;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * Looks up a network interface's first IPv4 address and broadcast address, which stand in for
 * heartbeat's SO_BINDTODEVICE: a socket bound to the broadcast address receives exactly that
 * interface's broadcasts. Stateless.
 */
final class InterfaceAddresses {
    /** An interface's IPv4 address and broadcast address. */
    record V4(NetworkInterface nic, Inet4Address address, Inet4Address broadcast) {
    }

    private InterfaceAddresses() {
    }

    /** The interface's first IPv4 address; fails with an operator-readable message. */
    static V4 of(String device) throws IOException {
        NetworkInterface nic;
        try {
            nic = NetworkInterface.getByName(device);
        } catch (SocketException e) {
            throw new IOException("cannot look up interface " + device + ": " + e.getMessage(), e);
        }
        if (nic == null) {
            throw new IOException("interface " + device + " does not exist");
        }
        for (InterfaceAddress a : nic.getInterfaceAddresses()) {
            if (a.getAddress() instanceof Inet4Address v4) {
                // An address added without "brd" reports 0.0.0.0: there is no broadcast on it.
                Inet4Address bcast = a.getBroadcast() instanceof Inet4Address b && !b.isAnyLocalAddress() ? b : null;
                return new V4(nic, v4, bcast);
            }
        }
        throw new IOException("interface " + device + " has no IPv4 address");
    }
}
