package org.jvs.ipvsadm.control.socket;

import java.util.List;
import java.util.Objects;
import org.jvs.ipvs.Errno;
import org.jvs.ipvsadm.control.ConnectionEntry;
import org.jvs.ipvsadm.control.IpvsInfo;
import org.jvs.ipvsadm.control.ServiceEntry;
import org.jvs.ipvsadm.control.SyncDaemonConfig;
import org.jvs.ipvsadm.control.Timeouts;

/** A response of the control protocol: success, the requested data, or a failure with its errno. Immutable. */
public sealed interface ControlResponse {

    /** The success answer of every request that returns nothing. */
    Done DONE = new Done();

    Opcode opcode();

    record Done() implements ControlResponse {
        public Opcode opcode() {
            return Opcode.DONE;
        }
    }

    record Info(IpvsInfo info) implements ControlResponse {
        public Info {
            Objects.requireNonNull(info);
        }

        public Opcode opcode() {
            return Opcode.INFO;
        }
    }

    record Services(List<ServiceEntry> services) implements ControlResponse {
        public Services {
            services = List.copyOf(services);
        }

        public Opcode opcode() {
            return Opcode.SERVICES;
        }
    }

    record Service(ServiceEntry service) implements ControlResponse {
        public Service {
            Objects.requireNonNull(service);
        }

        public Opcode opcode() {
            return Opcode.SERVICE;
        }
    }

    record TimeoutValues(Timeouts timeouts) implements ControlResponse {
        public TimeoutValues {
            Objects.requireNonNull(timeouts);
        }

        public Opcode opcode() {
            return Opcode.TIMEOUTS;
        }
    }

    record Daemons(List<SyncDaemonConfig> daemons) implements ControlResponse {
        public Daemons {
            daemons = List.copyOf(daemons);
        }

        public Opcode opcode() {
            return Opcode.DAEMONS;
        }
    }

    record Connections(List<ConnectionEntry> connections) implements ControlResponse {
        public Connections {
            connections = List.copyOf(connections);
        }

        public Opcode opcode() {
            return Opcode.CONNECTIONS;
        }
    }

    /** The request was refused with {@code errno}; {@code detail} says why, for logs. */
    record Failure(Errno errno, String detail) implements ControlResponse {
        public Failure {
            Objects.requireNonNull(errno);
            Objects.requireNonNull(detail);
        }

        public Opcode opcode() {
            return Opcode.FAILURE;
        }
    }
}
