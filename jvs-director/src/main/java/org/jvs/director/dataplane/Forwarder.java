package org.jvs.director.dataplane;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jvs.director.route.Ipv6RouteTable;
import org.jvs.director.route.NeighbourCache;
import org.jvs.director.route.RouteTable;
import org.jvs.ipvs.conn.IpvsCore;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.netio.Errno;
import org.jvs.netio.ErrnoException;
import org.jvs.netio.FrameInfo;
import org.jvs.netio.PacketSocket;
import org.jvs.netio.PollSet;
import org.jvs.netio.ReceiveRing;
import org.jvs.netio.SendQueue;
import org.jvs.packet.ParseStatus;

/**
 * The packet data plane of the director: takes frames from the PACKET_MMAP receive ring of a packet
 * socket on each interface, lets the {@link FrameProcessor} forward them where they lie (LVS-NAT,
 * DR, TUN) and writes what it emits with one sendmmsg per interface and batch. The kernel's routes
 * are read by another thread ({@link #reloadRoutes}) and taken up between batches, so reading /proc
 * never stalls packets. Data-plane thread only, but for {@link #reloadRoutes}.
 */
public final class Forwarder implements AutoCloseable {
    private static final int BATCH = 32;
    /** Receive-ring slots per interface: what absorbs a burst while the thread is busy elsewhere. */
    private static final int RING_SLOTS = 256;
    private static final long NEIGHBOUR_STALE_NS = 60_000_000_000L;

    private final Port[] ports;
    private final LocalStack localStack;
    private final PollSet pollSet;
    private final FrameProcessor processor;
    /** One receive ring per interface, each slot with headroom for tunnel headers. */
    private final ReceiveRing[] rings;
    /**
     * Per interface and ring slot: the view {@link FrameProcessor#process} takes, its virtio
     * header at {@link FrameProcessor#RX_OFFSET}, for a frame at the ring's usual offset.
     */
    private final MemorySegment[][] views;
    /** Slots taken in the current batch, given back after the batch's frames have left. */
    private final int[] taken = new int[BATCH];
    /** Per interface: rewritten frames waiting, in place in a receive ring, for one sendmmsg. */
    private final SendQueue[] queues;
    /** Frames the receive ring had to cut short (larger than a slot). */
    private long truncated;
    /** Queued frames the kernel had no room for. */
    private long queueDrops;
    /** Routes read off the data-plane thread, waiting to be taken up. */
    private final AtomicReference<Routes> freshRoutes = new AtomicReference<>();

    /** Both routing tables, read together. */
    private record Routes(RouteTable v4, Ipv6RouteTable v6) {
        static Routes read() throws IOException {
            return new Routes(RouteTable.read(), Ipv6RouteTable.read());
        }
    }

    private Forwarder(Port[] ports, LocalStack localStack, VirtualServerTable table, IpvsCore core) throws IOException {
        this.ports = ports;
        this.localStack = localStack;
        this.pollSet = new PollSet(java.util.Arrays.stream(ports).map(p -> p.socket).toArray(PacketSocket[]::new));
        Link[] links = java.util.Arrays.stream(ports).map(p -> p.link).toArray(Link[]::new);
        NeighbourCache neighbours = new NeighbourCache(4096, NEIGHBOUR_STALE_NS);
        neighbours.seedFromKernel(System.nanoTime());
        this.rings = new ReceiveRing[ports.length];
        this.views = new MemorySegment[ports.length][];
        this.queues = new SendQueue[ports.length];
        for (int i = 0; i < ports.length; i++) {
            rings[i] = ports[i].ring;
            int viewAt = rings[i].ethernetMacOffset() - VirtioNetHeader.LENGTH - FrameProcessor.RX_OFFSET;
            views[i] = new MemorySegment[rings[i].slots()];
            for (int slot = 0; slot < views[i].length; slot++) {
                views[i][slot] = rings[i].slot(slot).asSlice(viewAt);
            }
            // Every frame of every interface's batch may leave through one interface.
            queues[i] = new SendQueue(BATCH * ports.length);
        }
        this.processor = new FrameProcessor(links, table, core, RouteTable.read(), Ipv6RouteTable.read(), neighbours,
                NeighbourCache::seedFromKernel, new Transmitter() {
                    @Override
                    public boolean send(int slot, MemorySegment buffer, long offset, int length) throws IOException {
                        return sendNow(slot, buffer, offset, length);
                    }

                    @Override
                    public boolean queue(int slot, MemorySegment buffer, long offset, int length) throws IOException {
                        return sendLater(slot, buffer, offset, length);
                    }
                });
    }

    /** Opens packet sockets on the named interfaces of the calling thread's namespace and forwards between them. */
    public static Forwarder open(List<String> interfaces, VirtualServerTable table, IpvsCore core) throws IOException {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Port[] ports = new Port[interfaces.size()];
            for (int i = 0; i < ports.length; i++) {
                ports[i] = Port.open(interfaces.get(i), i, FrameProcessor.MAX_FRAME, FrameProcessor.RX_OFFSET, RING_SLOTS);
                opened.add(ports[i]);
            }
            LocalStack local = LocalStack.open();
            opened.add(local);
            return new Forwarder(ports, local, table, core);
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * Sends one frame. A frame the kernel refuses (EINVAL, EMSGSIZE: a malformed offload header, a
     * frame over the MTU) is one lost frame, not a reason to stop forwarding; a vanished interface
     * (ENETDOWN, ENXIO, ENODEV) is, and propagates.
     */
    private boolean sendNow(int slot, MemorySegment buffer, long offset, int length) throws IOException {
        try {
            if (slot == Transmitter.LOCAL_STACK) {
                return localStack.deliver(buffer, offset, length);
            }
            // Frames queued for this interface left the wire first in the order they came.
            flush(slot);
            return ports[slot].socket.send(buffer, offset, length) != 0;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EINVAL || e.errno() == Errno.EMSGSIZE) {
                return false;
            }
            throw e;
        }
    }

    private boolean sendLater(int slot, MemorySegment buffer, long offset, int length) throws IOException {
        if (slot == Transmitter.LOCAL_STACK) {
            return sendNow(slot, buffer, offset, length);
        }
        if (queues[slot].isFull()) {
            flush(slot);
        }
        queues[slot].add(buffer, offset, length);
        return true;
    }

    private void flush(int slot) throws ErrnoException {
        SendQueue q = queues[slot];
        int queued = q.size();
        if (queued > 0) {
            queueDrops += queued - q.flush(ports[slot].socket);
        }
    }

    /** Frames forwarded since start. */
    public long forwarded() {
        return processor.forwarded() - queueDrops;
    }

    /** Frames dropped for {@code reason} since start. */
    public long drops(DropReason reason) {
        return processor.drops(reason) + (reason == DropReason.TX_REFUSED ? queueDrops : 0)
                + (reason == DropReason.MALFORMED ? truncated : 0);
    }

    /** Frames the parser refused with {@code status} since start. */
    public long parseDrops(ParseStatus status) {
        return processor.parseDrops(status);
    }

    /**
     * Reads and handles up to a batch of frames from every interface.
     *
     * @return the number of frames read
     */
    public int doWork(long nowNs) throws IOException {
        Routes routes = freshRoutes.getAndSet(null);
        if (routes != null) {
            processor.setRoutes(routes.v4(), routes.v6());
        }
        int n = 0;
        for (int port = 0; port < ports.length; port++) {
            ReceiveRing ring = rings[port];
            int received = 0;
            while (received < BATCH) {
                int slot = ring.next();
                if (slot < 0) {
                    break;
                }
                taken[received++] = slot;
                handle(port, ring, slot, nowNs);
            }
            // The batch's frames leave before their slots go back to the kernel.
            flushAll();
            for (int i = 0; i < received; i++) {
                ring.release(taken[i]);
            }
            n += received;
        }
        return n;
    }

    private void handle(int port, ReceiveRing ring, int slot, long nowNs) throws IOException {
        if (ring.truncated(slot)) {
            truncated++;
            return;
        }
        int length = ring.length(slot);
        boolean forThisHost = ring.packetType(slot) == FrameInfo.PACKET_HOST;
        int at = ring.macOffset(slot);
        if (at == ring.ethernetMacOffset()) {
            processor.process(views[port][slot], port, length, forThisHost, nowNs);
            return;
        }
        // A frame elsewhere in its slot (a VLAN tag moves it): handled in the processor's own buffer,
        // which the next such frame reuses, so what it queued from there leaves now.
        MemorySegment.copy(ring.slot(slot), at - VirtioNetHeader.LENGTH, processor.rxBuffer(), FrameProcessor.RX_OFFSET,
                VirtioNetHeader.LENGTH + length);
        processor.process(port, length, forThisHost, nowNs);
        flushAll();
    }

    /** Reads the kernel's routes again for the data plane to take up; any thread (the director's housekeeper, each second). */
    public void reloadRoutes() throws IOException {
        freshRoutes.set(Routes.read());
    }

    private void flushAll() throws ErrnoException {
        for (int out = 0; out < ports.length; out++) {
            flush(out);
        }
    }

    /** Waits up to {@code timeoutMs} for a frame on any interface. */
    public void awaitFrames(int timeoutMs) throws ErrnoException {
        pollSet.await(timeoutMs);
    }

    @Override
    public void close() throws IOException {
        for (Port p : ports) {
            p.close();
        }
        localStack.close();

        for (SendQueue q : queues) {
            q.close();
        }
    }
}
