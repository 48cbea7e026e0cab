package org.jvs.ldirectord.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvsadm.control.DestEntry;
import org.jvs.ipvsadm.control.DirectorUnavailableException;
import org.jvs.ipvsadm.control.IpvsControl;
import org.jvs.ipvsadm.control.ServiceEntry;
import org.jvs.ldirectord.table.IpvsadmMessages.Operation;

/**
 * The jvs director's table through its control interface ({@link IpvsControl}, normally the UNIX
 * socket client). A director that is down or restarting is a {@link TableException} for the call
 * at hand; the next call connects again, so ldirectord rides out director restarts and then puts
 * its services back. Thread-safe.
 */
public final class IpvsControlTable implements DirectorTable {
    private final Supplier<IpvsControl> connector;
    private IpvsControl control;

    /** @param connector opens a connection to the director; may throw {@link DirectorUnavailableException} */
    public IpvsControlTable(Supplier<IpvsControl> connector) {
        this.connector = connector;
    }

    @Override
    public List<TableService> services() throws TableException {
        List<TableService> out = new ArrayList<>();
        for (ServiceEntry e : call(Operation.EDIT_SERVICE, IpvsControl::services)) {
            out.add(snapshot(e));
        }
        return out;
    }

    @Override
    public Optional<TableService> service(ServiceKey key) throws TableException {
        ServiceEntry e = call(Operation.EDIT_SERVICE, c -> {
            try {
                return c.service(key);
            } catch (IpvsException x) {
                if (x.errno() == Errno.ESRCH) {
                    return null;
                }
                throw x;
            }
        });
        return Optional.ofNullable(e).map(IpvsControlTable::snapshot);
    }

    @Override
    public void addService(ServiceConfig service) throws TableException {
        call(Operation.ADD_SERVICE, c -> {
            c.addService(service);
            return null;
        });
    }

    @Override
    public void editService(ServiceConfig service) throws TableException {
        call(Operation.EDIT_SERVICE, c -> {
            c.editService(service);
            return null;
        });
    }

    @Override
    public void deleteService(ServiceKey key) throws TableException {
        call(Operation.DELETE_SERVICE, c -> {
            c.deleteService(key);
            return null;
        });
    }

    @Override
    public void addReal(ServiceKey key, DestConfig real) throws TableException {
        call(Operation.ADD_DEST, c -> {
            c.addDest(key, DirectorTable.asIpvsadmSends(key, real));
            return null;
        });
    }

    @Override
    public void editReal(ServiceKey key, DestConfig real) throws TableException {
        call(Operation.EDIT_DEST, c -> {
            c.editDest(key, DirectorTable.asIpvsadmSends(key, real));
            return null;
        });
    }

    @Override
    public void deleteReal(ServiceKey key, IpAddress address, int port) throws TableException {
        call(Operation.DELETE_DEST, c -> {
            c.deleteDest(key, address, port);
            return null;
        });
    }

    private static TableService snapshot(ServiceEntry e) {
        return new TableService(e.config(), e.dests().stream().map(DestEntry::config).toList());
    }

    private synchronized <T> T call(Operation op, ControlCall<T> call) throws TableException {
        try {
            if (control == null) {
                control = connector.get();
            }
            return call.apply(control);
        } catch (IpvsException e) {
            throw new TableException(IpvsadmMessages.of(op, e.errno()), e);
        } catch (DirectorUnavailableException e) {
            close();
            throw new TableException(e.getMessage(), e);
        }
    }

    private void close() {
        if (control instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // The connection is being dropped because it already failed.
            }
        }
        control = null;
    }

    @FunctionalInterface
    private interface ControlCall<T> {
        T apply(IpvsControl control) throws IpvsException;
    }
}
