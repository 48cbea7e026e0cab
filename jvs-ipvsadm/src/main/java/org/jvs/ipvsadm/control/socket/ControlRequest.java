package org.jvs.ipvsadm.control.socket;

import java.util.Objects;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvsadm.control.DaemonState;
import org.jvs.ipvsadm.control.IpvsControl;
import org.jvs.ipvsadm.control.SyncDaemonConfig;
import org.jvs.ipvsadm.control.Timeouts;

/**
 * A request of the control protocol: one {@link IpvsControl} call, which it can perform on a
 * table ({@link #dispatch}). Immutable.
 */
public sealed interface ControlRequest {

    Opcode opcode();

    /** Performs the call on {@code control} and wraps its result as the response to send. */
    ControlResponse dispatch(IpvsControl control) throws IpvsException;

    record AddService(ServiceConfig service) implements ControlRequest {
        public AddService {
            Objects.requireNonNull(service);
        }

        public Opcode opcode() {
            return Opcode.ADD_SERVICE;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            control.addService(service);
            return ControlResponse.DONE;
        }
    }

    record EditService(ServiceConfig service) implements ControlRequest {
        public EditService {
            Objects.requireNonNull(service);
        }

        public Opcode opcode() {
            return Opcode.EDIT_SERVICE;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            control.editService(service);
            return ControlResponse.DONE;
        }
    }

    record DeleteService(ServiceKey key) implements ControlRequest {
        public DeleteService {
            Objects.requireNonNull(key);
        }

        public Opcode opcode() {
            return Opcode.DELETE_SERVICE;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            control.deleteService(key);
            return ControlResponse.DONE;
        }
    }

    record Flush() implements ControlRequest {
        public Opcode opcode() {
            return Opcode.FLUSH;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            control.flush();
            return ControlResponse.DONE;
        }
    }

    record AddDest(ServiceKey key, DestConfig dest) implements ControlRequest {
        public AddDest {
            Objects.requireNonNull(key);
            Objects.requireNonNull(dest);
        }

        public Opcode opcode() {
            return Opcode.ADD_DEST;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            control.addDest(key, dest);
            return ControlResponse.DONE;
        }
    }

    record EditDest(ServiceKey key, DestConfig dest) implements ControlRequest {
        public EditDest {
            Objects.requireNonNull(key);
            Objects.requireNonNull(dest);
        }

        public Opcode opcode() {
            return Opcode.EDIT_DEST;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            control.editDest(key, dest);
            return ControlResponse.DONE;
        }
    }

    record DeleteDest(ServiceKey key, IpAddress address, int port) implements ControlRequest {
        public DeleteDest {
            Objects.requireNonNull(key);
            Objects.requireNonNull(address);
        }

        public Opcode opcode() {
            return Opcode.DELETE_DEST;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            control.deleteDest(key, address, port);
            return ControlResponse.DONE;
        }
    }

    /** {@code key} null zeroes every service. */
    record Zero(ServiceKey key) implements ControlRequest {
        public Opcode opcode() {
            return Opcode.ZERO;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            control.zero(key);
            return ControlResponse.DONE;
        }
    }

    record SetTimeouts(Timeouts timeouts) implements ControlRequest {
        public SetTimeouts {
            Objects.requireNonNull(timeouts);
        }

        public Opcode opcode() {
            return Opcode.SET_TIMEOUTS;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            control.setTimeouts(timeouts);
            return ControlResponse.DONE;
        }
    }

    record StartDaemon(SyncDaemonConfig daemon) implements ControlRequest {
        public StartDaemon {
            Objects.requireNonNull(daemon);
        }

        public Opcode opcode() {
            return Opcode.START_DAEMON;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            control.startDaemon(daemon);
            return ControlResponse.DONE;
        }
    }

    record StopDaemon(DaemonState state) implements ControlRequest {
        public StopDaemon {
            Objects.requireNonNull(state);
        }

        public Opcode opcode() {
            return Opcode.STOP_DAEMON;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            control.stopDaemon(state);
            return ControlResponse.DONE;
        }
    }

    record GetInfo() implements ControlRequest {
        public Opcode opcode() {
            return Opcode.GET_INFO;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            return new ControlResponse.Info(control.info());
        }
    }

    record GetServices() implements ControlRequest {
        public Opcode opcode() {
            return Opcode.GET_SERVICES;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            return new ControlResponse.Services(control.services());
        }
    }

    record GetService(ServiceKey key) implements ControlRequest {
        public GetService {
            Objects.requireNonNull(key);
        }

        public Opcode opcode() {
            return Opcode.GET_SERVICE;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            return new ControlResponse.Service(control.service(key));
        }
    }

    record GetTimeouts() implements ControlRequest {
        public Opcode opcode() {
            return Opcode.GET_TIMEOUTS;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            return new ControlResponse.TimeoutValues(control.timeouts());
        }
    }

    record GetDaemons() implements ControlRequest {
        public Opcode opcode() {
            return Opcode.GET_DAEMONS;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            return new ControlResponse.Daemons(control.daemons());
        }
    }

    record GetConnections() implements ControlRequest {
        public Opcode opcode() {
            return Opcode.GET_CONNECTIONS;
        }

        public ControlResponse dispatch(IpvsControl control) throws IpvsException {
            return new ControlResponse.Connections(control.connections());
        }
    }
}
