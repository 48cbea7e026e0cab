package org.jvs.netio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A Linux TAP device (one queue of it): Ethernet frames in and out of the kernel through
 * {@code /dev/net/tun}, opened with {@code IFF_TAP | IFF_NO_PI}, non-blocking. With
 * {@code vnetHeader} every frame is preceded by a 10-byte {@code struct virtio_net_hdr} (and
 * {@link #setOffload} lets the kernel pass partial checksums and GSO frames); with several queues
 * ({@code IFF_MULTI_QUEUE}) the kernel spreads flows over one descriptor per queue, one thread each.
 * {@link #openTun} makes the layer-3 kind instead, a TUN device: bare IP packets without an Ethernet
 * header, taken by the kernel as received on a point-to-point interface that does no ARP.
 *
 * <p>The device lives in the network namespace of the thread that opened it (see
 * {@link NetNamespace}); it disappears when its last queue is closed. Buffers are native segments
 * owned by the caller; reads and writes do not allocate. A queue may be read by one thread and
 * written by another at the same time; close it only when neither is inside a call.
 */
public final class TapDevice implements AutoCloseable {
    /** Length of the virtio_net_hdr in front of each frame when opened with a vnet header. */
    public static final int VNET_HEADER_LENGTH = 10;
    /** {@link #setOffload} flags (TUN_F_*). */
    public static final int OFFLOAD_CSUM = 0x01;
    public static final int OFFLOAD_TSO4 = 0x02;
    public static final int OFFLOAD_TSO6 = 0x04;
    public static final int OFFLOAD_TSO_ECN = 0x08;
    public static final int OFFLOAD_UFO = 0x10;

    private static final long TUNSETIFF = 0x4004_54CAL;
    private static final long TUNSETOFFLOAD = 0x4004_54D0L;
    private static final int IFF_TUN = 0x0001;
    private static final int IFF_TAP = 0x0002;
    private static final int IFF_MULTI_QUEUE = 0x0100;
    private static final int IFF_NO_PI = 0x1000;
    private static final int IFF_VNET_HDR = 0x4000;

    private final Fd fd;
    private final String name;
    private final boolean vnetHeader;

    private TapDevice(Fd fd, String name, boolean vnetHeader) {
        this.fd = fd;
        this.name = name;
        this.vnetHeader = vnetHeader;
    }

    /** Creates (or attaches to the existing) TAP {@code name} with plain Ethernet frames. */
    public static TapDevice open(String name) throws IOException {
        return open(name, false);
    }

    /**
     * Creates (or attaches to) the TAP {@code name}; an empty name lets the kernel pick tapN.
     *
     * @param vnetHeader whether frames carry a virtio_net_hdr in front
     */
    public static TapDevice open(String name, boolean vnetHeader) throws IOException {
        return attach(name, IFF_TAP | IFF_NO_PI | (vnetHeader ? IFF_VNET_HDR : 0), vnetHeader);
    }

    /**
     * Creates (or attaches to) the TUN device {@code name} ({@code IFF_TUN | IFF_NO_PI}): each read
     * and write is one bare IP packet, its version nibble telling the kernel IPv4 from IPv6.
     */
    public static TapDevice openTun(String name) throws IOException {
        return openTun(name, false);
    }

    /**
     * As {@link #openTun(String)}; with {@code vnetHeader} each packet is preceded by a
     * virtio_net_hdr, so partial checksums and GSO super-packets can be written as they are.
     */
    public static TapDevice openTun(String name, boolean vnetHeader) throws IOException {
        return attach(name, IFF_TUN | IFF_NO_PI | (vnetHeader ? IFF_VNET_HDR : 0), vnetHeader);
    }

    /**
     * Creates the multi-queue TAP {@code name} with {@code queues} descriptors; the kernel steers each
     * flow to one of them. On failure every queue opened so far is closed.
     */
    public static List<TapDevice> openMultiQueue(String name, int queues, boolean vnetHeader) throws IOException {
        if (queues < 1) {
            throw new IllegalArgumentException("queues must be at least 1: " + queues);
        }
        int flags = IFF_TAP | IFF_NO_PI | IFF_MULTI_QUEUE | (vnetHeader ? IFF_VNET_HDR : 0);
        List<TapDevice> opened = new ArrayList<>(queues);
        try {
            for (int i = 0; i < queues; i++) {
                opened.add(attach(opened.isEmpty() ? name : opened.getFirst().name, flags, vnetHeader));
            }
        } catch (IOException | RuntimeException e) {
            for (TapDevice q : opened) {
                q.closeQuietly(e);
            }
            throw e;
        }
        return List.copyOf(opened);
    }

    private static TapDevice attach(String name, int flags, boolean vnetHeader) throws IOException {
        if (!name.isEmpty()) {
            NetInterface.checkName(name);
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = Libc.open(arena.allocateFrom("/dev/net/tun"), Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
            if (fd < 0) {
                throw new ErrnoException("open /dev/net/tun", -fd);
            }
            MemorySegment ifreq = NetInterface.ifreq(arena, name);
            ifreq.set(ValueLayout.JAVA_SHORT, NetInterface.IFREQ_UNION, (short) flags);
            int r = Libc.ioctl(fd, TUNSETIFF, ifreq);
            if (r < 0) {
                Libc.close(fd);
                throw new ErrnoException("TUNSETIFF " + name, -r);
            }
            String actual = ifreq.getString(0);
            return new TapDevice(new Fd(fd, "tap " + actual), actual, vnetHeader);
        }
    }

    /** The interface name the kernel gave the device. */
    public String name() {
        return name;
    }

    /** Whether frames carry a {@link #VNET_HEADER_LENGTH}-byte virtio_net_hdr in front. */
    public boolean vnetHeader() {
        return vnetHeader;
    }

    /**
     * Tells the kernel which offloads this reader handles (TUNSETOFFLOAD with {@code OFFLOAD_*} bits):
     * with {@link #OFFLOAD_CSUM} frames may arrive with a partial checksum flagged in the vnet header,
     * with TSO/UFO bits as super-frames up to 64 KiB. Only meaningful with a vnet header. 0 turns all off.
     */
    public void setOffload(int flags) throws ErrnoException {
        int r = Libc.ioctl(fd.get(), TUNSETOFFLOAD, flags);
        if (r < 0) {
            throw new ErrnoException("TUNSETOFFLOAD " + name, -r);
        }
    }

    /**
     * Reads one frame (with its vnet header, if any) into {@code buffer} from {@code offset}; a frame
     * longer than the room left is cut short by the kernel. Never blocks.
     *
     * @return the frame length in bytes, or 0 when no frame is queued
     * @throws ErrnoException on a real failure (EBADF after close, EBADFD when detached)
     */
    public int read(MemorySegment buffer, long offset) throws ErrnoException {
        MemorySegment room = buffer.asSlice(offset);
        long n = Libc.read(fd.get(), room, room.byteSize());
        if (n >= 0) {
            return (int) n;
        }
        if (n == -Errno.EAGAIN || n == -Errno.EINTR) {
            return 0;
        }
        throw new ErrnoException("read " + fd.name(), (int) -n);
    }

    /**
     * Writes one frame of {@code length} bytes from {@code buffer} at {@code offset} (with its vnet
     * header, if any): the kernel receives it as if from the wire, synchronously.
     *
     * @return {@code length}, or 0 when the kernel had no room (EAGAIN, ENOBUFS): count it as a drop
     * @throws ErrnoException on a real failure (EIO while the device is down, EINVAL for a bad frame)
     */
    public int write(MemorySegment buffer, long offset, int length) throws ErrnoException {
        long n = Libc.write(fd.get(), buffer.asSlice(offset, length), length);
        if (n >= 0) {
            return (int) n;
        }
        if (n == -Errno.EAGAIN || n == -Errno.ENOBUFS || n == -Errno.EINTR) {
            return 0;
        }
        throw new ErrnoException("write " + fd.name(), (int) -n);
    }

    /**
     * Waits up to {@code timeoutMs} milliseconds (-1: without limit) until a frame can be read.
     *
     * @return whether one can; false on timeout or when a signal interrupted the wait
     */
    public boolean awaitReadable(int timeoutMs) throws ErrnoException {
        return fd.awaitReadable(timeoutMs);
    }

    /** Closes this queue; the device goes away with its last queue. Idempotent. */
    @Override
    public void close() throws ErrnoException {
        fd.close();
    }

    private void closeQuietly(Exception cause) {
        try {
            close();
        } catch (ErrnoException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "TapDevice[" + name + (vnetHeader ? ", vnet" : "") + "]";
    }
}
