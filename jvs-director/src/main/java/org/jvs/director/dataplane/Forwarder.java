package org.jvs.director.dataplane;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jvs.director.route.Ipv6RouteTable;
import org.jvs.director.route.NeighbourCache;
import org.jvs.director.route.RouteTable;
import org.jvs.ipvs.conn.IpvsCore;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.netio.Errno;
import org.jvs.netio.ErrnoException;
import org.jvs.netio.FrameInfo;
import org.jvs.netio.PacketBatch;
import org.jvs.netio.PacketSocket;
import org.jvs.netio.PollSet;
import org.jvs.netio.SendQueue;
import org.jvs.packet.ParseStatus;

/**
 * The packet data plane of the director: reads frames from a packet socket on each interface into
 * the {@link FrameProcessor}'s buffer, lets it forward them (LVS-NAT, DR, TUN) and writes what it
 * emits; reloads the kernel's routes every second. Data-plane thread only.
 */
public final class Forwarder implements AutoCloseable {
    private static final int BATCH = 32;
    private static final long NEIGHBOUR_STALE_NS = 60_000_000_000L;
    private static final long ROUTE_RELOAD_INTERVAL_NS = 1_000_000_000L;

    private final Port[] ports;
    private final LocalStack localStack;
    private final PollSet pollSet;
    private final FrameProcessor processor;
    private final FrameInfo info = new FrameInfo();
    /** One receive batch per interface: many frames per recvmmsg, each with headroom for tunnels. */
    private final PacketBatch[] batches;
    /** Per interface: rewritten frames waiting, in place in a receive batch, for one sendmmsg. */
    private final SendQueue[] queues;
    /** Queued frames the kernel had no room for. */
    private long queueDrops;
    private long routesLoadedNs;

    private Forwarder(Port[] ports, LocalStack localStack, VirtualServerTable table, IpvsCore core) throws IOException {
        this.ports = ports;
        this.localStack = localStack;
        this.pollSet = new PollSet(java.util.Arrays.stream(ports).map(p -> p.socket).toArray(PacketSocket[]::new));
        Link[] links = java.util.Arrays.stream(ports).map(p -> p.link).toArray(Link[]::new);
        this.routesLoadedNs = System.nanoTime();
        NeighbourCache neighbours = new NeighbourCache(4096, NEIGHBOUR_STALE_NS);
        neighbours.seedFromKernel(routesLoadedNs);
        this.batches = new PacketBatch[ports.length];
        this.queues = new SendQueue[ports.length];
        for (int i = 0; i < ports.length; i++) {
            batches[i] = new PacketBatch(BATCH, VirtioNetHeader.LENGTH + FrameProcessor.MAX_FRAME, FrameProcessor.RX_OFFSET);
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
                ports[i] = Port.open(interfaces.get(i), i);
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
        return processor.drops(reason) + (reason == DropReason.TX_REFUSED ? queueDrops : 0);
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
        if (nowNs - routesLoadedNs > ROUTE_RELOAD_INTERVAL_NS) {
            processor.setRoutes(RouteTable.read(), Ipv6RouteTable.read());
            routesLoadedNs = nowNs;
        }
        int n = 0;
        for (int slot = 0; slot < ports.length; slot++) {
            PacketBatch batch = batches[slot];
            int received = ports[slot].socket.receive(batch);
            for (int i = 0; i < received; i++) {
                int len = batch.length(i);
                if (len <= VirtioNetHeader.LENGTH) {
                    continue;
                }
                batch.info(i, info);
                processor.process(batch.frame(i), slot, len - VirtioNetHeader.LENGTH,
                        info.packetType() == FrameInfo.PACKET_HOST, nowNs);
            }
            // Before this batch's buffers are received into again.
            for (int out = 0; out < ports.length; out++) {
                flush(out);
            }
            n += received;
        }
        return n;
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
        for (PacketBatch b : batches) {
            b.close();
        }
        for (SendQueue q : queues) {
            q.close();
        }
    }
}
