package org.jvs.drbd.resource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.jvs.drbd.device.RegionLocks;
import org.jvs.drbd.device.Volume;
import org.jvs.drbd.nbd.BlockDevice;
import org.jvs.drbd.nbd.BlockIoException;
import org.jvs.drbd.nbd.NbdProtocol;
import org.jvs.drbd.replication.TransferLog;
import org.jvs.drbd.state.ConnectionState;
import org.jvs.drbd.state.Role;

/**
 * A volume as its NBD export sees it: only the Primary with UpToDate data serves I/O (a Secondary
 * answers EPERM). A write makes its extent hot in the activity log, is sent to the peer when
 * replicating (else its blocks go out of sync), is written locally, and completes when the
 * protocol says: A once sent, B when the peer received it, C when the peer wrote it. A flush makes
 * local data durable and, for B and C, waits until the peer has every earlier write on stable
 * storage (barrier acknowledged). Thread-safe.
 */
public final class ReplicatedDevice implements BlockDevice {
    private static final int ZERO_CHUNK = 1 << 20;
    private final Resource resource;
    private final Volume volume;

    /** The export of {@code volume} of {@code resource}. */
    public ReplicatedDevice(Resource resource, Volume volume) {
        this.resource = resource;
        this.volume = volume;
    }

    @Override
    public long size() {
        return volume.size();
    }

    @Override
    public Optional<String> unavailable() {
        if (resource.role() != Role.PRIMARY) {
            return Optional.of("resource " + resource.name() + " is Secondary: only the Primary serves I/O");
        }
        if (!resource.serving(volume)) {
            return Optional.of("resource " + resource.name() + " disk is " + volume.disk().label());
        }
        return Optional.empty();
    }

    private void checkServing() throws BlockIoException {
        if (resource.role() != Role.PRIMARY) {
            throw new BlockIoException(NbdProtocol.EPERM, "not Primary");
        }
        if (!resource.serving(volume)) {
            throw new BlockIoException(NbdProtocol.EIO, "disk " + volume.disk().label());
        }
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        checkServing();
        try {
            volume.read(offset, dst);
        } catch (IOException e) {
            resource.localIoError(volume, e);
            throw new BlockIoException(NbdProtocol.EIO, e.getMessage());
        }
    }

    @Override
    public void write(long offset, ByteBuffer src, boolean fua) throws IOException {
        checkServing();
        int length = src.remaining();
        volume.stats().appPending.incrementAndGet();
        try {
            volume.activityLog().begin(offset, length);
            try {
                replicatedWrite(offset, src, length, fua);
            } finally {
                volume.activityLog().end(offset, length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlockIoException(NbdProtocol.EIO, "interrupted");
        } finally {
            volume.stats().appPending.decrementAndGet();
        }
    }

    private void replicatedWrite(long offset, ByteBuffer src, int length, boolean fua)
            throws IOException, InterruptedException {
        Connection.Pending pending = null;
        Connection link = null;
        boolean waitForAck = false;
        try (RegionLocks.Held _ = volume.regions().lock(offset, length)) {
            Lock gate = resource.ioGate().readLock();
            gate.lock();
            try {
                Optional<Connection> c = resource.replicatingConnection(volume);
                if (c.isPresent()) {
                    link = c.get();
                    int flags = dpFlags(link, fua);
                    waitForAck = (flags & (Connection.DP_SEND_RECEIVE_ACK | Connection.DP_SEND_WRITE_ACK)) != 0;
                    try {
                        pending = link.sendWrite(volume, offset, src.duplicate(), flags);
                        volume.stats().peerPending.incrementAndGet();
                    } catch (IOException e) {
                        link.fail(ConnectionState.NETWORK_FAILURE, "sending a write: " + e.getMessage());
                        volume.bitmap().markOutOfSync(offset, length);
                        link = null;
                    }
                } else {
                    volume.bitmap().markOutOfSync(offset, length);
                }
            } finally {
                gate.unlock();
            }
            // the local write runs while the packet is on its way and the peer writes it
            IOException local = null;
            try {
                volume.write(offset, src, fua);
            } catch (IOException e) {
                local = e;
            }
            if (pending != null) {
                // the payload is the caller's buffer: it must be in the socket before we return
                try {
                    link.awaitSent(pending);
                } catch (IOException e) {
                    link.fail(ConnectionState.NETWORK_FAILURE, "sending a write: " + e.getMessage());
                }
            }
            if (local != null) {
                resource.localIoError(volume, local);
                throw new BlockIoException(NbdProtocol.EIO, local.getMessage());
            }
        }
        if (pending != null) {
            TransferLog.Request request = pending.request();
            try {
                if (waitForAck && !link.transferLog().awaitAck(request)) {
                    volume.bitmap().markOutOfSync(offset, length);
                }
            } finally {
                volume.stats().peerPending.decrementAndGet();
            }
            try {
                link.closeEpoch(request.epoch());
            } catch (IOException e) {
                link.fail(ConnectionState.NETWORK_FAILURE, "sending a barrier: " + e.getMessage());
            }
        }
    }

    /** Which acknowledgement the peer must send: by protocol, and a write ack always while resyncing. */
    private int dpFlags(Connection link, boolean fua) {
        char protocol = resource.settings().protocol();
        int flags = switch (protocol) {
            case 'A' -> 0;
            case 'B' -> Connection.DP_SEND_RECEIVE_ACK;
            default -> Connection.DP_SEND_WRITE_ACK | (fua ? Connection.DP_FUA : 0);
        };
        if (link.peer(volume.number()).state().syncing()) {
            flags = (flags & ~Connection.DP_SEND_RECEIVE_ACK) | Connection.DP_SEND_WRITE_ACK | Connection.DP_MAY_SET_IN_SYNC;
        }
        return flags;
    }

    @Override
    public void flush() throws IOException {
        checkServing();
        volume.flush();
        Optional<Connection> c;
        Lock gate = resource.ioGate().readLock();
        gate.lock();
        try {
            c = resource.replicatingConnection(volume);
        } finally {
            gate.unlock();
        }
        if (c.isEmpty()) {
            return;
        }
        try {
            if (resource.settings().protocol() == 'A') {
                c.get().closeEpoch(c.get().transferLog().currentEpoch());
            } else {
                c.get().flushPeer();
            }
        } catch (IOException e) {
            c.get().fail(ConnectionState.NETWORK_FAILURE, "flush: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BlockIoException(NbdProtocol.EIO, "interrupted");
        }
    }

    @Override
    public void writeZeroes(long offset, long length, boolean fua) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(length, ZERO_CHUNK));
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(zeros.capacity(), length - done);
            write(offset + done, zeros.clear().limit(n), false);
            done += n;
        }
        if (fua) {
            flush();
        }
    }
}
