package org.jvs.netio;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * An {@code AF_PACKET}/{@code SOCK_RAW} socket bound to one interface: it sees every frame crossing that
 * interface (both directions, see {@link FrameInfo#outgoing()}) and sends whole Ethernet frames out of
 * it. {@code PACKET_AUXDATA} is on, so each receive reports whether the frame's checksum is still partial
 * ({@link FrameInfo#checksumNotReady()}). Non-blocking; pair with {@link #awaitReadable}. Batches go
 * through {@link PacketBatch} ({@code recvmmsg}/{@code sendmmsg}).
 *
 * <p>Needs CAP_NET_RAW in the socket's network namespace (the namespace of the opening thread). Buffers
 * are native segments owned by the caller; receive and send do not allocate. One thread may receive
 * while another sends; two threads must not receive at once. Close only when no call is in progress.
 */
public final class PacketSocket implements AutoCloseable {
    private static final int ETH_P_ALL = 0x0003;
    private static final int PACKET_ADD_MEMBERSHIP = 1;
    private static final int PACKET_DROP_MEMBERSHIP = 2;
    private static final int PACKET_IGNORE_OUTGOING = 23;
    private static final int PACKET_VNET_HDR = 15;
    private static final int PACKET_MR_PROMISC = 1;
    private static final int PACKET_MREQ_SIZE = 16;
    private static final int MSGHDR_SIZE = 56;
    private static final int IOVEC_SIZE = 16;
    private static final ValueLayout.OfShort BIG_ENDIAN_SHORT =
            ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);

    private final Fd fd;
    private final int interfaceIndex;
    private boolean virtioNetHeader;
    private final MemorySegment message;
    private final MemorySegment iovec;
    private final MemorySegment name;
    private final MemorySegment control;

    private PacketSocket(Fd fd, int interfaceIndex) {
        this.fd = fd;
        this.interfaceIndex = interfaceIndex;
        // Freed by the GC, not by close(): a late receive then fails with EBADF, not a closed-arena error.
        Arena arena = Arena.ofAuto();
        message = arena.allocate(MSGHDR_SIZE, 8);
        iovec = arena.allocate(IOVEC_SIZE, 8);
        name = arena.allocate(FrameInfo.SOCKADDR_LL_SIZE, 8);
        control = arena.allocate(FrameInfo.CONTROL_SIZE, 8);
        message.set(ValueLayout.ADDRESS, 0, name);
        message.set(ValueLayout.ADDRESS, 16, iovec);
        message.set(ValueLayout.JAVA_LONG, 24, 1L);
        message.set(ValueLayout.ADDRESS, 32, control);
    }

    /** Opens a socket on the interface called {@code interfaceName} in the current thread's namespace. */
    public static PacketSocket open(String interfaceName) throws IOException {
        return open(NetInterface.index(interfaceName), "packet socket on " + interfaceName);
    }

    /** Opens a socket on the interface with index {@code interfaceIndex}. */
    public static PacketSocket open(int interfaceIndex) throws IOException {
        return open(interfaceIndex, "packet socket on ifindex " + interfaceIndex);
    }

    private static PacketSocket open(int interfaceIndex, String description) throws IOException {
        // Protocol 0 at creation: nothing is queued until bind() names the interface and ETH_P_ALL.
        int s = Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (s < 0) {
            throw new ErrnoException("socket AF_PACKET", -s);
        }
        Fd fd = new Fd(s, description);
        try {
            setIntOption(fd, Libc.SOL_PACKET, FrameInfo.PACKET_AUXDATA, 1, "PACKET_AUXDATA");
            try (Arena call = Arena.ofConfined()) {
                MemorySegment address = call.allocate(FrameInfo.SOCKADDR_LL_SIZE, 8);
                address.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_PACKET);
                address.set(BIG_ENDIAN_SHORT, 2, (short) ETH_P_ALL);
                address.set(ValueLayout.JAVA_INT, 4, interfaceIndex);
                int r = Libc.bind(s, address, FrameInfo.SOCKADDR_LL_SIZE);
                if (r < 0) {
                    throw new ErrnoException("bind " + fd.name(), -r);
                }
            }
            return new PacketSocket(fd, interfaceIndex);
        } catch (IOException | RuntimeException e) {
            try {
                fd.close();
            } catch (ErrnoException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static void setIntOption(Fd fd, int level, int option, int value, String what) throws ErrnoException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment v = call.allocateFrom(ValueLayout.JAVA_INT, value);
            int r = Libc.setsockopt(fd.get(), level, option, v, 4);
            if (r < 0) {
                throw new ErrnoException("setsockopt " + what + " on " + fd.name(), -r);
            }
        }
    }

    /** What the socket is, for messages: "packet socket on eth0". */
    public String description() {
        return fd.name();
    }

    /** The index of the bound interface. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /**
     * Puts the interface into promiscuous mode for as long as this socket wants it (a membership the
     * kernel counts and drops when the socket closes), so frames for other MACs reach it.
     */
    public void setPromiscuous(boolean on) throws ErrnoException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment request = call.allocate(PACKET_MREQ_SIZE, 4);
            request.set(ValueLayout.JAVA_INT, 0, interfaceIndex);
            request.set(ValueLayout.JAVA_SHORT, 4, (short) PACKET_MR_PROMISC);
            int r = Libc.setsockopt(fd.get(), Libc.SOL_PACKET, on ? PACKET_ADD_MEMBERSHIP : PACKET_DROP_MEMBERSHIP,
                    request, PACKET_MREQ_SIZE);
            if (r < 0) {
                throw new ErrnoException("setsockopt PACKET_" + (on ? "ADD" : "DROP") + "_MEMBERSHIP on " + fd.name(),
                        -r);
            }
        }
    }

    /** Whether frames this host sends on the interface are left out of what this socket receives. */
    public void setIgnoreOutgoing(boolean ignore) throws ErrnoException {
        setIntOption(fd, Libc.SOL_PACKET, PACKET_IGNORE_OUTGOING, ignore ? 1 : 0, "PACKET_IGNORE_OUTGOING");
    }

    /**
     * Prefixes every received and sent frame with a 10-byte {@code struct virtio_net_hdr}: received
     * frames then keep their offload state (partial checksum, GSO super-frames of up to 64 KiB)
     * instead of arriving unannotated, and frames sent with a GSO header are segmented by the kernel.
     */
    public void setVirtioNetHeader(boolean on) throws ErrnoException {
        setIntOption(fd, Libc.SOL_PACKET, PACKET_VNET_HDR, on ? 1 : 0, "PACKET_VNET_HDR");
        virtioNetHeader = on;
    }

    /** Whether frames carry a virtio-net header ({@link #setVirtioNetHeader}). */
    public boolean hasVirtioNetHeader() {
        return virtioNetHeader;
    }

    /**
     * Takes the error the kernel recorded on the socket (SO_ERROR, cleared by reading it): ENETDOWN
     * when the interface went down or away, which a receive ring reports only this way.
     *
     * @return the errno, or 0 for none
     */
    public int takeError() throws ErrnoException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment value = call.allocate(ValueLayout.JAVA_INT);
            MemorySegment length = call.allocateFrom(ValueLayout.JAVA_INT, 4);
            int r = Libc.getsockopt(fd.get(), Libc.SOL_SOCKET, Libc.SO_ERROR, value, length);
            if (r < 0) {
                throw new ErrnoException("getsockopt SO_ERROR on " + fd.name(), -r);
            }
            return value.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** The descriptor, for {@link PollSet}. */
    int descriptor() {
        return fd.get();
    }

    /** Asks for a receive queue of {@code bytes} (SO_RCVBUF; the kernel doubles and caps it). */
    public void setReceiveBufferSize(int bytes) throws ErrnoException {
        setIntOption(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, bytes, "SO_RCVBUF");
    }

    /**
     * Receives one frame into {@code buffer} from {@code offset} (to the end of the buffer) and its
     * metadata into {@code info}. Never blocks.
     *
     * @return the number of bytes stored, or 0 when nothing is queued
     */
    public int receive(MemorySegment buffer, long offset, FrameInfo info) throws ErrnoException {
        MemorySegment room = buffer.asSlice(offset);
        iovec.set(ValueLayout.ADDRESS, 0, room);
        iovec.set(ValueLayout.JAVA_LONG, 8, room.byteSize());
        message.set(ValueLayout.JAVA_INT, 8, FrameInfo.SOCKADDR_LL_SIZE);
        message.set(ValueLayout.JAVA_LONG, 40, FrameInfo.CONTROL_SIZE);
        message.set(ValueLayout.JAVA_INT, 48, 0);
        long n = Libc.recvmsg(fd.get(), message, 0);
        if (n < 0) {
            if (n == -Errno.EAGAIN || n == -Errno.EINTR) {
                return 0;
            }
            throw new ErrnoException("recvmsg " + fd.name(), (int) -n);
        }
        info.fill(name, 0, control, 0, message.get(ValueLayout.JAVA_LONG, 40), (int) n,
                message.get(ValueLayout.JAVA_INT, 48));
        return (int) n;
    }

    /**
     * Receives as many queued frames as {@code batch} holds in one system call. Never blocks.
     *
     * @return the number of frames (slots 0..n-1), 0 when nothing is queued
     */
    public int receive(PacketBatch batch) throws ErrnoException {
        batch.prepareReceive();
        int n = Libc.recvmmsg(fd.get(), batch.vector(), batch.slots(), 0);
        if (n < 0) {
            if (n == -Errno.EAGAIN || n == -Errno.EINTR) {
                return 0;
            }
            throw new ErrnoException("recvmmsg " + fd.name(), -n);
        }
        batch.received(n);
        return n;
    }

    /**
     * Sends one whole Ethernet frame of {@code length} bytes at {@code offset} out of the interface.
     *
     * @return {@code length}, or 0 when the queue was full (EAGAIN, ENOBUFS): count it as a drop
     * @throws ErrnoException for a real failure: EMSGSIZE (longer than the MTU allows), ENETDOWN
     */
    public int send(MemorySegment buffer, long offset, int length) throws ErrnoException {
        long n = Libc.send(fd.get(), buffer.asSlice(offset, length), length, 0);
        if (n >= 0) {
            return (int) n;
        }
        if (n == -Errno.EAGAIN || n == -Errno.ENOBUFS || n == -Errno.EINTR) {
            return 0;
        }
        throw new ErrnoException("send " + fd.name(), (int) -n);
    }

    /**
     * Sends slots 0..count-1 of {@code batch} (their lengths set) in one system call.
     *
     * @return how many were sent, from slot 0; fewer than {@code count} (maybe 0) when the queue filled
     */
    public int send(PacketBatch batch, int count) throws ErrnoException {
        if (count < 1 || count > batch.slots()) {
            throw new IllegalArgumentException("count " + count + " outside 1.." + batch.slots());
        }
        batch.prepareSend(count);
        return send(batch.vector(), count);
    }

    /** sendmmsg of {@code count} prepared message headers; see {@link #send(PacketBatch, int)}. */
    int send(MemorySegment vector, int count) throws ErrnoException {
        int n = Libc.sendmmsg(fd.get(), vector, count, 0);
        if (n >= 0) {
            return n;
        }
        if (n == -Errno.EAGAIN || n == -Errno.ENOBUFS || n == -Errno.EINTR) {
            return 0;
        }
        throw new ErrnoException("sendmmsg " + fd.name(), -n);
    }

    /**
     * Waits up to {@code timeoutMs} milliseconds (-1: without limit) until a frame can be received.
     *
     * @return whether one can; false on timeout or when a signal interrupted the wait
     */
    public boolean awaitReadable(int timeoutMs) throws ErrnoException {
        return fd.awaitReadable(timeoutMs);
    }

    /** Closes the socket (ending its promiscuous membership). Idempotent. */
    @Override
    public void close() throws ErrnoException {
        fd.close();
    }
}
