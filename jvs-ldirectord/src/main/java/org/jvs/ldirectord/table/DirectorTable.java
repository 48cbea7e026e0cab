package org.jvs.ldirectord.table;

import java.util.List;
import java.util.Optional;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;

/**
 * The director's virtual-server table as ldirectord sees it through ipvsadm: list services with
 * their real servers, add/edit/delete a service, add/edit/delete a real server. Implementations
 * behave as {@code ipvsadm} on the command line does, including its port rule (see
 * {@link #asIpvsadmSends}), and report refusals with ipvsadm's messages. Implementations are
 * thread-safe; each call is one table operation.
 */
public interface DirectorTable {

    /** Every service with its real servers ({@code ipvsadm -L -n} plus {@code --thresholds}). */
    List<TableService> services() throws TableException;

    /** One service, if the table has it. */
    Optional<TableService> service(ServiceKey key) throws TableException;

    /** {@code ipvsadm -A}. */
    void addService(ServiceConfig service) throws TableException;

    /** {@code ipvsadm -E}. */
    void editService(ServiceConfig service) throws TableException;

    /** {@code ipvsadm -D}. */
    void deleteService(ServiceKey key) throws TableException;

    /** {@code ipvsadm -a}. */
    void addReal(ServiceKey key, DestConfig real) throws TableException;

    /** {@code ipvsadm -e}. */
    void editReal(ServiceKey key, DestConfig real) throws TableException;

    /** {@code ipvsadm -d}. */
    void deleteReal(ServiceKey key, IpAddress address, int port) throws TableException;

    /**
     * The real server ipvsadm hands the kernel for {@code -a/-e}: on an address:port service a real
     * server without a port takes the service's port, and one forwarded by gate or ipip always does
     * (only NAT can map ports).
     */
    static DestConfig asIpvsadmSends(ServiceKey key, DestConfig real) {
        if (key.isFwmark()) {
            return real;
        }
        boolean forced = real.port() == 0 || real.method() != org.jvs.ipvs.service.ForwardingMethod.MASQ;
        return forced ? new DestConfig(real.address(), key.port(), real.method(), real.weight(),
                real.upperThreshold(), real.lowerThreshold(), real.tunnel()) : real;
    }
}
