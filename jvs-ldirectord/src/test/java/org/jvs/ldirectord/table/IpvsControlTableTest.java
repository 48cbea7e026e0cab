package org.jvs.ldirectord.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvs.service.VirtualService;
import org.jvs.ipvs.stats.StatsSnapshot;
import org.jvs.ipvsadm.control.ConnectionEntry;
import org.jvs.ipvsadm.control.DaemonState;
import org.jvs.ipvsadm.control.DestEntry;
import org.jvs.ipvsadm.control.IpvsControl;
import org.jvs.ipvsadm.control.IpvsInfo;
import org.jvs.ipvsadm.control.ServiceEntry;
import org.jvs.ipvsadm.control.SyncDaemonConfig;
import org.jvs.ipvsadm.control.Timeouts;
import org.jvs.ipvsadm.control.socket.ControlServer;
import org.jvs.ipvsadm.control.socket.UnixSocketControlClient;
import org.jvs.ldirectord.testing.Tables;

/** The adapter over the director's real control socket, served by jvs-ipvsadm's ControlServer. */
class IpvsControlTableTest {
    static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, IpAddress.parseNumeric("10.1.0.1"), 80);

    Path dir;
    Path socket;
    ControlServer server;
    VirtualServerTable kernel = Tables.kernelLike();
    IpvsControlTable table;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "ldctl");
        socket = dir.resolve("director.sock");
        server = ControlServer.start(socket, new TableBacked(kernel));
        table = new IpvsControlTable(() -> UnixSocketControlClient.connect(socket));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }

    @Test
    void editsAndListingsGoThroughTheControlSocketWithIpvsadmsPortRule() throws Exception {
        table.addService(new ServiceConfig(WEB, "rr", 0, 0, -1, ""));
        table.addReal(WEB, new DestConfig(IpAddress.parseNumeric("10.1.0.2"), 8080, ForwardingMethod.ROUTE, 3, 0, 0, null));

        TableService s = table.service(WEB).orElseThrow();
        assertThat(s.config().scheduler()).isEqualTo("rr");
        assertThat(s.reals()).extracting(d -> d.address() + ":" + d.port() + " w" + d.weight()).containsExactly("10.1.0.2:80 w3");
        assertThat(table.service(ServiceKey.of(Protocol.TCP, IpAddress.parseNumeric("10.1.0.9"), 80))).isEmpty();
        assertThatThrownBy(() -> table.addService(new ServiceConfig(WEB, "rr", 0, 0, -1, "")))
                .hasMessage("Service already exists");
        assertThatThrownBy(() -> table.deleteReal(WEB, IpAddress.parseNumeric("10.1.0.7"), 80)).hasMessage("No such destination");

        table.deleteService(WEB);
        assertThat(table.services()).isEmpty();
    }

    @Test
    void aRestartedDirectorIsReachedAgain() throws Exception {
        table.addService(new ServiceConfig(WEB, "rr", 0, 0, -1, ""));
        server.close();
        Files.deleteIfExists(socket);

        assertThatThrownBy(table::services).isInstanceOf(TableException.class);

        server = ControlServer.start(socket, new TableBacked(Tables.kernelLike()));
        assertThat(table.services()).as("the new director starts empty").isEmpty();
    }

    /** A director control backed by the real table model; the non-table operations are not needed here. */
    record TableBacked(VirtualServerTable t) implements IpvsControl {
        @Override
        public void addService(ServiceConfig service) throws IpvsException {
            t.addService(service);
        }

        @Override
        public void editService(ServiceConfig service) throws IpvsException {
            t.editService(service);
        }

        @Override
        public void deleteService(ServiceKey key) throws IpvsException {
            t.deleteService(key);
        }

        @Override
        public void flush() {
            t.flush();
        }

        @Override
        public void addDest(ServiceKey key, DestConfig dest) throws IpvsException {
            t.addDest(key, dest);
        }

        @Override
        public void editDest(ServiceKey key, DestConfig dest) throws IpvsException {
            t.editDest(key, dest);
        }

        @Override
        public void deleteDest(ServiceKey key, IpAddress address, int port) throws IpvsException {
            t.deleteDest(key, address, port);
        }

        @Override
        public void zero(ServiceKey key) throws IpvsException {
            t.zero(key);
        }

        @Override
        public void setTimeouts(Timeouts timeouts) throws IpvsException {
            throw new IpvsException(Errno.EOPNOTSUPP, "not needed");
        }

        @Override
        public void startDaemon(SyncDaemonConfig daemon) throws IpvsException {
            throw new IpvsException(Errno.EOPNOTSUPP, "not needed");
        }

        @Override
        public void stopDaemon(DaemonState state) throws IpvsException {
            throw new IpvsException(Errno.EOPNOTSUPP, "not needed");
        }

        @Override
        public IpvsInfo info() throws IpvsException {
            throw new IpvsException(Errno.EOPNOTSUPP, "not needed");
        }

        @Override
        public List<ServiceEntry> services() {
            List<ServiceEntry> out = new ArrayList<>();
            for (VirtualService s : t.services()) {
                out.add(entry(s));
            }
            return out;
        }

        @Override
        public ServiceEntry service(ServiceKey key) throws IpvsException {
            VirtualService s = t.service(key);
            if (s == null) {
                throw new IpvsException(Errno.ESRCH, "no service");
            }
            return entry(s);
        }

        private static ServiceEntry entry(VirtualService s) {
            List<DestEntry> dests = new ArrayList<>();
            for (RealServer d : s.destinations()) {
                dests.add(new DestEntry(d.config(), 0, 0, 0, StatsSnapshot.ZERO));
            }
            return new ServiceEntry(s.config(), StatsSnapshot.ZERO, dests);
        }

        @Override
        public Timeouts timeouts() throws IpvsException {
            throw new IpvsException(Errno.EOPNOTSUPP, "not needed");
        }

        @Override
        public List<SyncDaemonConfig> daemons() {
            return List.of();
        }

        @Override
        public List<ConnectionEntry> connections() {
            return List.of();
        }
    }
}
