package org.jvs.ipvsadm.control;

import java.util.List;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;

/**
 * The operations ipvsadm performs on a director, shaped like libipvs: one method per
 * {@code ipvs_*} call. Every failure is an {@link IpvsException} carrying the errno the kernel would
 * have returned, so ipvsadm can print the same per-operation message; an operation that throws has
 * changed nothing.
 *
 * <p>Implementations used by the control server are called from several client threads at once
 * and must be thread-safe.
 */
public interface IpvsControl {

    /** IP_VS_VERSION_CODE, the IPVS version jvs implements: 1.2.1. */
    int VERSION_CODE = 0x010201;

    /** {@code ipvs_add_service}: EEXIST if the service exists, ENOENT for an unknown scheduler or persistence engine. */
    void addService(ServiceConfig service) throws IpvsException;

    /** {@code ipvs_update_service}: ESRCH if the service does not exist. */
    void editService(ServiceConfig service) throws IpvsException;

    /** {@code ipvs_del_service}: ESRCH if the service does not exist. */
    void deleteService(ServiceKey key) throws IpvsException;

    /** {@code ipvs_flush}: removes every service. */
    void flush() throws IpvsException;

    /** {@code ipvs_add_dest}: ESRCH without the service, EEXIST if the real server is there. */
    void addDest(ServiceKey key, DestConfig dest) throws IpvsException;

    /** {@code ipvs_update_dest}: ESRCH without the service, ENOENT without the real server. */
    void editDest(ServiceKey key, DestConfig dest) throws IpvsException;

    /** {@code ipvs_del_dest}: ESRCH without the service, ENOENT without the real server. */
    void deleteDest(ServiceKey key, IpAddress address, int port) throws IpvsException;

    /** {@code ipvs_zero_service}: zeroes the counters of one service, or of all when {@code key} is null. */
    void zero(ServiceKey key) throws IpvsException;

    /** {@code ipvs_set_timeout}: a value of 0 keeps the current timeout. */
    void setTimeouts(Timeouts timeouts) throws IpvsException;

    /** {@code ipvs_start_daemon}: EEXIST if a daemon in that state already runs. */
    void startDaemon(SyncDaemonConfig daemon) throws IpvsException;

    /** {@code ipvs_stop_daemon}: ESRCH if no daemon in that state runs. */
    void stopDaemon(DaemonState state) throws IpvsException;

    /** {@code ipvs_getinfo}: version code and connection table size. */
    IpvsInfo info() throws IpvsException;

    /** {@code ipvs_get_services} with each service's real servers ({@code ipvs_get_dests}), in table order. */
    List<ServiceEntry> services() throws IpvsException;

    /** {@code ipvs_get_service}: one service with its real servers; ESRCH if it does not exist. */
    ServiceEntry service(ServiceKey key) throws IpvsException;

    /** {@code ipvs_get_timeout}: the tcp, tcpfin and udp timeouts. */
    Timeouts timeouts() throws IpvsException;

    /** {@code ipvs_get_daemon}: the running sync daemons, master first. */
    List<SyncDaemonConfig> daemons() throws IpvsException;

    /** The connection table, as {@code /proc/net/ip_vs_conn} shows it. */
    List<ConnectionEntry> connections() throws IpvsException;

    /**
     * Returns once every change made so far is in effect for packets. The kernel applies each
     * ipvsadm call at once; an implementation that installs packet diversion asynchronously waits
     * for it here, and the control server calls this when a client session ends, before the
     * client's {@code ipvsadm} exits. Nothing to wait for by default.
     */
    default void awaitApplied() {
    }
}
