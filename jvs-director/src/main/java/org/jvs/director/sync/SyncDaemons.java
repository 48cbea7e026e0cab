package org.jvs.director.sync;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.conn.IpvsCore;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvsadm.control.DaemonState;
import org.jvs.ipvsadm.control.SyncDaemonConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ipvsadm --start-daemon/--stop-daemon/-L --daemon}: at most one master and one backup, as
 * in the kernel (both may run at once), with the kernel's errors: EEXIST for a second daemon of a
 * kind, ESRCH to stop one that does not run, ENODEV for an unknown interface. Thread-safe.
 */
public final class SyncDaemons implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncDaemons.class);

    private final IpvsCore core;
    private final VirtualServerTable table;
    private MasterDaemon master;
    private BackupDaemon backup;

    public SyncDaemons(IpvsCore core, VirtualServerTable table) {
        this.core = core;
        this.table = table;
    }

    public synchronized void start(SyncDaemonConfig c) throws IpvsException {
        if (c.state() == DaemonState.MASTER ? master != null : backup != null) {
            throw new IpvsException(Errno.EEXIST, "a " + c.state().label() + " sync daemon already runs");
        }
        NetworkInterface ni = SyncChannels.device(c);
        try {
            InetSocketAddress group = SyncChannels.group(c);
            if (c.state() == DaemonState.MASTER) {
                master = new MasterDaemon(c, core, SyncChannels.sender(c, ni, group), group);
            } else {
                backup = new BackupDaemon(c, core, table, SyncChannels.receiver(ni, group));
            }
            LOG.info("sync {} started on {} (group {}, syncid {})", c.state().label(), c.mcastInterface(), group,
                    c.syncId());
        } catch (IOException e) {
            throw new IpvsException(Errno.EINVAL, "cannot start the " + c.state().label() + " sync daemon: "
                    + e.getMessage());
        }
    }

    public synchronized void stop(DaemonState state) throws IpvsException {
        AutoCloseable daemon = state == DaemonState.MASTER ? master : backup;
        if (daemon == null) {
            throw new IpvsException(Errno.ESRCH, "no " + state.label() + " sync daemon runs");
        }
        if (state == DaemonState.MASTER) {
            master = null;
        } else {
            backup = null;
        }
        closeQuietly(daemon);
    }

    /** The running daemons, master first. */
    public synchronized List<SyncDaemonConfig> list() {
        List<SyncDaemonConfig> out = new ArrayList<>(2);
        if (master != null) {
            out.add(master.config());
        }
        if (backup != null) {
            out.add(backup.config());
        }
        return out;
    }

    @Override
    public synchronized void close() {
        closeQuietly(master);
        closeQuietly(backup);
        master = null;
        backup = null;
    }

    private static void closeQuietly(AutoCloseable daemon) {
        if (daemon == null) {
            return;
        }
        try {
            daemon.close();
        } catch (Exception e) {
            LOG.warn("stopping a sync daemon: {}", e.getMessage());
        }
    }
}
