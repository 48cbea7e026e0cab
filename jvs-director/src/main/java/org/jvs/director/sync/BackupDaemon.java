package org.jvs.director.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.EnumMap;
import java.util.Map;
import org.jvs.ipvs.conn.ConnectionRecord;
import org.jvs.ipvs.conn.IpvsCore;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvs.service.VirtualService;
import org.jvs.ipvs.sync.SyncDecoder;
import org.jvs.ipvsadm.control.SyncDaemonConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backup sync daemon: receives the master's messages and creates or updates the connections
 * they describe (ip_vs_proc_conn), bound to the local real server with the same address and port
 * under the same service, so that packets arriving here after a failover continue to the same
 * real server. The import runs on the data-plane thread, which owns the table.
 */
final class BackupDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupDaemon.class);
    private static final int MAX_DATAGRAM = 65_535;

    private final SyncDaemonConfig config;
    private final IpvsCore core;
    private final VirtualServerTable table;
    private final DatagramChannel channel;
    private final Thread thread;
    private final Map<SyncDecoder.Refusal, Long> refused = new EnumMap<>(SyncDecoder.Refusal.class);
    private long imported;

    BackupDaemon(SyncDaemonConfig config, IpvsCore core, VirtualServerTable table, DatagramChannel channel) {
        this.config = config;
        this.core = core;
        this.table = table;
        this.channel = channel;
        this.thread = Thread.ofPlatform().name("jvs-sync-backup").daemon(true).unstarted(this::run);
        thread.start();
    }

    SyncDaemonConfig config() {
        return config;
    }

    private void run() {
        ByteBuffer datagram = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        try {
            while (true) {
                datagram.clear();
                channel.receive(datagram);
                datagram.flip();
                SyncDecoder.Result r = SyncDecoder.decode(datagram, config.syncId());
                if (r.refusal() != null) {
                    refused.merge(r.refusal(), 1L, Long::sum);
                }
                if (!r.records().isEmpty()) {
                    imported += core.control().importRecords(r.records(), this::localDest).join();
                }
            }
        } catch (ClosedChannelException e) {
            // stopped
        } catch (IOException | RuntimeException e) {
            LOG.error("sync backup on {} stopped receiving: {}", config.mcastInterface(), e.getMessage());
        }
    }

    /** ip_vs_find_dest: the real server of the record's service here, or null. */
    private RealServer localDest(ConnectionRecord r) {
        VirtualService svc = table.find(r.virtualAddress().family(), r.protocol().number(), r.virtualAddress().hi(),
                r.virtualAddress().lo(), r.virtualPort(), r.fwmark());
        if (svc == null) {
            return null;
        }
        for (RealServer d : svc.destinations()) {
            if (d.address().equals(r.dest()) && d.port() == r.destPort()) {
                return d;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        channel.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("sync backup on {} stopped after importing {} connections; refused messages: {}",
                config.mcastInterface(), imported, refused);
    }
}
