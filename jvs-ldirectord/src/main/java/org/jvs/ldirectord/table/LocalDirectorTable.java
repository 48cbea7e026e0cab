package org.jvs.ldirectord.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvs.service.VirtualService;
import org.jvs.ldirectord.table.IpvsadmMessages.Operation;

/**
 * A {@link DirectorTable} over a {@link VirtualServerTable} in this JVM (a director running in the
 * same process, and the tests): the kernel's errno semantics with ipvsadm's port rule and messages.
 * Thread-safe (the table serialises its control operations).
 */
public final class LocalDirectorTable implements DirectorTable {
    private final VirtualServerTable table;

    public LocalDirectorTable(VirtualServerTable table) {
        this.table = table;
    }

    @Override
    public List<TableService> services() {
        List<TableService> out = new ArrayList<>();
        for (VirtualService s : table.services()) {
            out.add(snapshot(s));
        }
        return out;
    }

    @Override
    public Optional<TableService> service(ServiceKey key) {
        VirtualService s = table.service(key);
        return s == null ? Optional.empty() : Optional.of(snapshot(s));
    }

    @Override
    public void addService(ServiceConfig service) throws TableException {
        apply(Operation.ADD_SERVICE, () -> table.addService(service));
    }

    @Override
    public void editService(ServiceConfig service) throws TableException {
        apply(Operation.EDIT_SERVICE, () -> table.editService(service));
    }

    @Override
    public void deleteService(ServiceKey key) throws TableException {
        apply(Operation.DELETE_SERVICE, () -> table.deleteService(key));
    }

    @Override
    public void addReal(ServiceKey key, DestConfig real) throws TableException {
        apply(Operation.ADD_DEST, () -> table.addDest(key, DirectorTable.asIpvsadmSends(key, real)));
    }

    @Override
    public void editReal(ServiceKey key, DestConfig real) throws TableException {
        apply(Operation.EDIT_DEST, () -> table.editDest(key, DirectorTable.asIpvsadmSends(key, real)));
    }

    @Override
    public void deleteReal(ServiceKey key, IpAddress address, int port) throws TableException {
        apply(Operation.DELETE_DEST, () -> table.deleteDest(key, address, port));
    }

    private static TableService snapshot(VirtualService s) {
        List<DestConfig> reals = new ArrayList<>();
        for (RealServer d : s.destinations()) {
            reals.add(d.config());
        }
        return new TableService(s.config(), reals);
    }

    private static void apply(Operation op, TableCall call) throws TableException {
        try {
            call.run();
        } catch (IpvsException e) {
            throw new TableException(IpvsadmMessages.of(op, e.errno()), e);
        }
    }

    @FunctionalInterface
    private interface TableCall {
        void run() throws IpvsException;
    }
}
