package org.jvs.director.sync;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.jvs.ipvs.conn.IpvsCore;
import org.jvs.ipvs.sync.SyncEncoder;
import org.jvs.ipvs.sync.SyncQueue;
import org.jvs.ipvsadm.control.SyncDaemonConfig;
import org.jvs.ipvs.sync.SyncProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master sync daemon: the data plane queues the connections to send ({@link SyncQueue}); this
 * thread packs them into version-1 messages of at most sync_maxlen bytes and multicasts them. It
 * sends what has accumulated every {@link #SEND_DELAY_MS} — the kernel's send delay — rather than
 * waiting up to its 2-second flush time for a buffer to fill, so that a backup knows a connection
 * within tens of milliseconds of its handshake, which is what decides whether it survives a
 * failover soon after.
 */
final class MasterDaemon implements AutoCloseable {
    static final long SEND_DELAY_MS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(MasterDaemon.class);
    private static final int QUEUE_RECORDS = 1 << 16;

    private final SyncDaemonConfig config;
    private final IpvsCore core;
    private final DatagramChannel channel;
    private final InetSocketAddress group;
    private final SyncQueue queue = new SyncQueue(QUEUE_RECORDS);
    private final ByteBuffer message;
    private final Thread thread;
    private volatile boolean running = true;
    private long messagesSent;

    MasterDaemon(SyncDaemonConfig config, IpvsCore core, DatagramChannel channel, InetSocketAddress group) {
        this.config = config;
        this.core = core;
        this.channel = channel;
        this.group = group;
        this.message = ByteBuffer.allocateDirect(config.syncMaxlen() == 0 ? SyncProtocol.DEFAULT_MAXLEN : config.syncMaxlen());
        this.thread = Thread.ofPlatform().name("jvs-sync-master").daemon(true).unstarted(this::run);
        core.setSyncListener(queue);
        thread.start();
    }

    SyncDaemonConfig config() {
        return config;
    }

    private void run() {
        try {
            while (running) {
                Thread.sleep(SEND_DELAY_MS);
                while (!queue.isEmpty()) {
                    send();
                }
            }
        } catch (InterruptedException | ClosedChannelException e) {
            // stopped
        } catch (IOException e) {
            LOG.error("sync master on {} stopped sending: {}", config.mcastInterface(), e.getMessage());
        }
    }

    private void send() throws IOException {
        message.clear().position(SyncProtocol.HEADER_V1);
        int records = queue.drainTo(message, SyncProtocol.MAX_RECORDS);
        if (records == 0) {
            throw new IOException("a sync record does not fit a message of " + message.capacity() + " bytes");
        }
        int size = message.position();
        SyncEncoder.writeHeader(message, 0, config.syncId(), records, size);
        message.flip();
        channel.send(message, group);
        messagesSent++;
    }

    @Override
    public void close() throws IOException {
        core.setSyncListener(null);
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
        LOG.info("sync master on {} stopped after {} messages ({} records dropped)", config.mcastInterface(),
                messagesSent, queue.dropped());
    }
}
