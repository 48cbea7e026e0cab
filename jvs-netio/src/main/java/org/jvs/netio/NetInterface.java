package org.jvs.netio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Network interface settings through the classic socket ioctls (what ifconfig and ethtool use), so
 * jvs can set up its devices without ip(8): index, MAC address, MTU, up/down, transmit checksum
 * offload. Each call works on the interface of that name in the calling thread's network namespace
 * (see {@link NetNamespace}) and needs CAP_NET_ADMIN to change anything. MAC addresses are the low 48
 * bits of a long (first byte on the wire in bits 47..40). Stateless and thread-safe; these calls
 * allocate and are meant for set-up, not for the packet path.
 */
public final class NetInterface {
    /** Interface flags (IFF_*) as returned by {@link #flags}. */
    public static final int IFF_UP = 0x1;
    public static final int IFF_BROADCAST = 0x2;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_PROMISC = 0x100;

    static final int IFREQ_SIZE = 40;
    static final int IFREQ_UNION = 16;
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final long SIOCGIFMTU = 0x8921;
    private static final long SIOCSIFMTU = 0x8922;
    private static final long SIOCSIFHWADDR = 0x8924;
    private static final long SIOCGIFHWADDR = 0x8927;
    private static final long SIOCETHTOOL = 0x8946;
    private static final int ETHTOOL_GTXCSUM = 0x16;
    private static final int ETHTOOL_STXCSUM = 0x17;
    private static final short ARPHRD_ETHER = 1;
    private static final int MAX_NAME_BYTES = 15;
    private static final ValueLayout.OfShort BIG_ENDIAN_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BIG_ENDIAN_INT =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private NetInterface() {
    }

    /** The interface index (if_nametoindex). */
    public static int index(String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            int index = Libc.ifNameToIndex(arena.allocateFrom(checkName(name)));
            if (index < 0) {
                throw new ErrnoException("if_nametoindex " + name, -index);
            }
            return index;
        }
    }

    /** The hardware address (SIOCGIFHWADDR). */
    public static long macAddress(String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifreq = request(arena, "SIOCGIFHWADDR", name, SIOCGIFHWADDR, null);
            long high = ifreq.get(BIG_ENDIAN_SHORT, IFREQ_UNION + 2) & 0xFFFFL;
            return (high << 32) | (ifreq.get(BIG_ENDIAN_INT, IFREQ_UNION + 4) & 0xFFFF_FFFFL);
        }
    }

    /** Sets the hardware address (SIOCSIFHWADDR, an Ethernet address). */
    public static void setMacAddress(String name, long mac) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            request(arena, "SIOCSIFHWADDR", name, SIOCSIFHWADDR, ifreq -> {
                ifreq.set(ValueLayout.JAVA_SHORT, IFREQ_UNION, ARPHRD_ETHER);
                ifreq.set(BIG_ENDIAN_SHORT, IFREQ_UNION + 2, (short) (mac >>> 32));
                ifreq.set(BIG_ENDIAN_INT, IFREQ_UNION + 4, (int) mac);
            });
        }
    }

    /** The MTU in bytes (SIOCGIFMTU). */
    public static int mtu(String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return request(arena, "SIOCGIFMTU", name, SIOCGIFMTU, null).get(ValueLayout.JAVA_INT, IFREQ_UNION);
        }
    }

    /** Sets the MTU in bytes (SIOCSIFMTU). */
    public static void setMtu(String name, int mtu) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            request(arena, "SIOCSIFMTU", name, SIOCSIFMTU, ifreq -> ifreq.set(ValueLayout.JAVA_INT, IFREQ_UNION, mtu));
        }
    }

    /** The interface flags, {@code IFF_*} bits (SIOCGIFFLAGS). */
    public static int flags(String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return request(arena, "SIOCGIFFLAGS", name, SIOCGIFFLAGS, null).get(ValueLayout.JAVA_SHORT, IFREQ_UNION)
                    & 0xFFFF;
        }
    }

    /** Whether the interface is administratively up. */
    public static boolean isUp(String name) throws IOException {
        return (flags(name) & IFF_UP) != 0;
    }

    /** Brings the interface up or down, keeping its other flags (SIOCSIFFLAGS). */
    public static void setUp(String name, boolean up) throws IOException {
        int old = flags(name);
        int now = up ? old | IFF_UP : old & ~IFF_UP;
        try (Arena arena = Arena.ofConfined()) {
            request(arena, "SIOCSIFFLAGS", name, SIOCSIFFLAGS,
                    ifreq -> ifreq.set(ValueLayout.JAVA_SHORT, IFREQ_UNION, (short) now));
        }
    }

    /** Whether the device computes transmit checksums itself (ethtool's "tx" feature). */
    public static boolean transmitChecksumOffload(String name) throws IOException {
        return ethtool(name, ETHTOOL_GTXCSUM, 0) != 0;
    }

    /**
     * Turns the device's transmit checksum offload on or off ({@code ethtool -K NAME tx on|off}). Off,
     * the kernel finishes checksums before the device (and TSO, which depends on it, goes off too), so
     * raw readers on the other end of a veth see complete checksums.
     */
    public static void setTransmitChecksumOffload(String name, boolean on) throws IOException {
        ethtool(name, ETHTOOL_STXCSUM, on ? 1 : 0);
    }

    private static int ethtool(String name, int command, int data) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(8, 4);
            value.set(ValueLayout.JAVA_INT, 0, command);
            value.set(ValueLayout.JAVA_INT, 4, data);
            request(arena, "SIOCETHTOOL", name, SIOCETHTOOL,
                    ifreq -> ifreq.set(ValueLayout.ADDRESS, IFREQ_UNION, value));
            return value.get(ValueLayout.JAVA_INT, 4);
        }
    }

    /** Checks an interface name fits IFNAMSIZ (15 bytes and the NUL); returns it. */
    static String checkName(String name) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("interface name must be 1 to 15 bytes without NUL: '" + name + "'");
        }
        return name;
    }

    /** A zeroed struct ifreq naming {@code name}. */
    static MemorySegment ifreq(Arena arena, String name) {
        MemorySegment ifreq = arena.allocate(IFREQ_SIZE, 8);
        ifreq.setString(0, name);
        return ifreq;
    }

    /** Issues one interface ioctl on a throw-away datagram socket and returns the ifreq. */
    private static MemorySegment request(Arena arena, String what, String name, long request,
            Consumer<MemorySegment> filler)
            throws IOException {
        MemorySegment ifreq = ifreq(arena, checkName(name));
        if (filler != null) {
            filler.accept(ifreq);
        }
        int s = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (s < 0) {
            throw new ErrnoException("socket AF_INET", -s);
        }
        try {
            int r = Libc.ioctl(s, request, ifreq);
            if (r < 0) {
                throw new ErrnoException(what + " " + name, -r);
            }
            return ifreq;
        } finally {
            Libc.close(s);
        }
    }
}
