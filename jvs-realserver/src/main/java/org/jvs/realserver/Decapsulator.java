package org.jvs.realserver;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Consumer;
import org.jvs.netio.ErrnoException;
import org.jvs.netio.FrameInfo;
import org.jvs.netio.PacketSocket;
import org.jvs.netio.PollSet;
import org.jvs.netio.ReceiveRing;
import org.jvs.netio.TapDevice;

/**
 * The packet path of {@code jvs realserver tun}: one thread takes the frames arriving on the
 * receiving interfaces from their packet sockets' receive rings, lets the {@link TunnelDecoder} strip
 * the tunnel headers of those addressed to this host where they lie, and writes each inner packet
 * into the TUN device, where the kernel receives it as addressed to the VIP the device holds. Frames this host
 * sends itself are not read (PACKET_IGNORE_OUTGOING). No virtio-net headers: a director does not send
 * GSO frames through a tunnel, and partial checksums are finished by the decoder.
 *
 * <p>Allocates nothing per packet. The sockets are closed with it; the TUN device belongs to the
 * caller. {@link #close()} may be called from any thread but the receiving one.
 */
final class Decapsulator implements AutoCloseable {
    /** The largest IP datagram (a GRO frame) and an Ethernet header with a VLAN tag. */
    private static final int MAX_FRAME = 65_535 + 18;
    /** Receive-ring slots per interface. */
    private static final int RING_SLOTS = 64;
    /** Frames read from one socket before the next gets its turn. */
    private static final int BATCH = 64;
    /** How long an idle wait lasts, which bounds how long a stop takes. */
    private static final int IDLE_WAIT_MS = 100;

    private final PacketSocket[] sockets;
    private final ReceiveRing[] rings;
    private final PollSet pollSet;
    private final TapDevice tun;
    private final TunnelDecoder decoder;
    private final TunnelCounters counters;
    private final Consumer<Exception> onFailure;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param sockets   open packet sockets on the receiving interfaces, now owned by this object
     * @param onFailure told once when reading or writing fails for good (an interface or the TUN
     *                  device vanished); the thread has stopped by then
     */
    Decapsulator(List<PacketSocket> sockets, TapDevice tun, TunnelDecoder decoder, TunnelCounters counters,
            Consumer<Exception> onFailure) throws ErrnoException {
        this.sockets = sockets.toArray(PacketSocket[]::new);
        this.rings = new ReceiveRing[this.sockets.length];
        try {
            for (int i = 0; i < rings.length; i++) {
                rings[i] = ReceiveRing.attach(this.sockets[i], MAX_FRAME, 0, RING_SLOTS);
            }
        } catch (ErrnoException e) {
            // The sockets are this object's from the start: nothing may stay open when it fails.
            unmapRings();
            for (PacketSocket s : this.sockets) {
                try {
                    s.close();
                } catch (ErrnoException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
        this.pollSet = new PollSet(this.sockets);
        this.tun = tun;
        this.decoder = decoder;
        this.counters = counters;
        this.onFailure = onFailure;
        this.thread = Thread.ofPlatform().name("jvs-realserver-tun").daemon(true).unstarted(this::run);
    }

    /** Starts the receiving thread. */
    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                if (doWork() == 0) {
                    pollSet.await(IDLE_WAIT_MS);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                running = false;
                onFailure.accept(e);
            }
        }
    }

    /** Handles up to a batch of frames from each ring; returns how many were taken. */
    private int doWork() throws ErrnoException {
        int read = 0;
        for (ReceiveRing ring : rings) {
            for (int i = 0; i < BATCH; i++) {
                int slot = ring.next();
                if (slot < 0) {
                    break;
                }
                read++;
                try {
                    handle(ring, slot);
                } finally {
                    ring.release(slot);
                }
            }
        }
        return read;
    }

    private void handle(ReceiveRing ring, int slot) throws ErrnoException {
        if (ring.packetType(slot) != FrameInfo.PACKET_HOST) {
            return;
        }
        if (ring.truncated(slot)) {
            counters.countDrop(DropReason.TRUNCATED);
            return;
        }
        MemorySegment frame = ring.slot(slot);
        int inner = decoder.decode(frame, ring.macOffset(slot), ring.length(slot), ring.checksumNotReady(slot));
        if (inner > 0) {
            if (tun.write(frame, decoder.innerOffset(), inner) == 0) {
                counters.countDrop(DropReason.DEVICE_BUSY);
            } else {
                counters.countDelivery();
            }
        }
    }

    private void unmapRings() {
        for (ReceiveRing r : rings) {
            if (r != null) {
                try {
                    r.close();
                } catch (ErrnoException e) {
                    // Unmapping fails only for a bad address: nothing left to free.
                }
            }
        }
    }

    /** Stops the thread (within about {@value #IDLE_WAIT_MS} ms) and closes the sockets. */
    @Override
    public void close() throws IOException {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping " + thread.getName(), e);
        }
        unmapRings();
        IOException failed = null;
        for (PacketSocket s : sockets) {
            try {
                s.close();
            } catch (ErrnoException e) {
                failed = e;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
