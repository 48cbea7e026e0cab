package org.jvs.director.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jvs.director.sync.SyncDaemons;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.conn.ConnectionRecord;
import org.jvs.ipvs.conn.IpvsCore;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvs.service.VirtualService;
import org.jvs.ipvsadm.control.ConnectionEntry;
import org.jvs.ipvsadm.control.DaemonState;
import org.jvs.ipvsadm.control.DestEntry;
import org.jvs.ipvsadm.control.IpvsControl;
import org.jvs.ipvsadm.control.IpvsInfo;
import org.jvs.ipvsadm.control.ServiceEntry;
import org.jvs.ipvsadm.control.SyncDaemonConfig;
import org.jvs.ipvsadm.control.Timeouts;

/**
 * The director's side of every ipvsadm operation: the virtual-server table for services and real
 * servers, the connection core for timeouts and the connection listing. Thread-safe (each piece
 * guards itself); called by the control socket's client threads and by rules restore at start.
 */
public final class TableControl implements IpvsControl {
    /** A connection listing walks the table on the data-plane thread; this bounds the wait for it. */
    private static final long LIST_TIMEOUT_S = 30;

    private final VirtualServerTable table;
    private final IpvsCore core;
    private final int connTableSize;
    private final Runnable applyChanges;
    private final SyncDaemons daemons;

    public TableControl(VirtualServerTable table, IpvsCore core, int connTableSize) {
        this(table, core, connTableSize, () -> { });
    }

    /** @param applyChanges brings what the packet path needs from the kernel up to date with the table */
    public TableControl(VirtualServerTable table, IpvsCore core, int connTableSize, Runnable applyChanges) {
        this.table = table;
        this.core = core;
        this.connTableSize = connTableSize;
        this.applyChanges = applyChanges;
        this.daemons = new SyncDaemons(core, table);
    }

    /** Stops the sync daemons (at director stop). */
    public void stopDaemons() {
        daemons.close();
    }

    @Override
    public void awaitApplied() {
        applyChanges.run();
    }

    @Override
    public void addService(ServiceConfig service) throws IpvsException {
        table.addService(service);
    }

    @Override
    public void editService(ServiceConfig service) throws IpvsException {
        table.editService(service);
    }

    @Override
    public void deleteService(ServiceKey key) throws IpvsException {
        table.deleteService(key);
    }

    @Override
    public void flush() {
        table.flush();
    }

    @Override
    public void addDest(ServiceKey key, DestConfig dest) throws IpvsException {
        table.addDest(key, dest);
    }

    @Override
    public void editDest(ServiceKey key, DestConfig dest) throws IpvsException {
        table.editDest(key, dest);
    }

    @Override
    public void deleteDest(ServiceKey key, IpAddress address, int port) throws IpvsException {
        table.deleteDest(key, address, port);
    }

    @Override
    public void zero(ServiceKey key) throws IpvsException {
        table.zero(key);
    }

    @Override
    public void setTimeouts(Timeouts t) {
        core.setTimeouts(t.tcpSec(), t.tcpFinSec(), t.udpSec());
    }

    @Override
    public void startDaemon(SyncDaemonConfig daemon) throws IpvsException {
        daemons.start(daemon);
    }

    @Override
    public void stopDaemon(DaemonState state) throws IpvsException {
        daemons.stop(state);
    }

    @Override
    public IpvsInfo info() {
        return new IpvsInfo(VERSION_CODE, connTableSize);
    }

    @Override
    public List<ServiceEntry> services() {
        List<ServiceEntry> out = new ArrayList<>();
        for (VirtualService svc : table.services()) {
            out.add(entry(svc));
        }
        return out;
    }

    @Override
    public ServiceEntry service(ServiceKey key) throws IpvsException {
        VirtualService svc = table.service(key);
        if (svc == null) {
            throw new IpvsException(Errno.ESRCH, "no service " + key);
        }
        return entry(svc);
    }

    private static ServiceEntry entry(VirtualService svc) {
        List<DestEntry> dests = new ArrayList<>();
        for (RealServer d : svc.destinations()) {
            dests.add(new DestEntry(d.config(), d.activeConns(), d.inactConns(), d.persistConns(), d.stats().snapshot()));
        }
        return new ServiceEntry(svc.config(), svc.stats().snapshot(), dests);
    }

    @Override
    public Timeouts timeouts() {
        org.jvs.ipvs.conn.Timeouts t = core.timeouts();
        return new Timeouts(t.tcpEstablished(), t.tcpFinWait(), t.udp());
    }

    @Override
    public List<SyncDaemonConfig> daemons() {
        return daemons.list();
    }

    @Override
    public List<ConnectionEntry> connections() throws IpvsException {
        List<ConnectionRecord> records;
        try {
            records = core.control().list().get(LIST_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpvsException(Errno.ENOMEM, "interrupted while listing connections");
        } catch (ExecutionException | TimeoutException e) {
            throw new IpvsException(Errno.ENOMEM, "connection listing failed: " + e);
        }
        List<ConnectionEntry> out = new ArrayList<>(records.size());
        for (ConnectionRecord r : records) {
            out.add(new ConnectionEntry(r.protocol().label(), (int) Math.min(Integer.MAX_VALUE, r.expiresInSec()),
                    r.stateName(), r.client(), r.clientPort(), r.virtualAddress(), r.virtualPort(),
                    r.dest(), r.destPort(), r.peName(), r.peData()));
        }
        return out;
    }
}
