package org.jvs.ipvsadm.control.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvsadm.control.ConnectionEntry;
import org.jvs.ipvsadm.control.DaemonState;
import org.jvs.ipvsadm.control.DirectorUnavailableException;
import org.jvs.ipvsadm.control.InMemoryIpvsControl;
import org.jvs.ipvsadm.control.IpvsControl;
import org.jvs.ipvsadm.control.SyncDaemonConfig;
import org.jvs.ipvsadm.control.Timeouts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket for real: a server bound in a temporary run directory and clients talking to it. */
class ControlSocketTest {
    private static final ServiceKey VIP = ServiceKey.of(Protocol.TCP, IpAddress.parseNumeric("172.16.100.1"), 80);

    @TempDir
    Path tmp;
    private Path runDir;
    private Path socket;
    private final InMemoryIpvsControl table = new InMemoryIpvsControl();
    private final List<String> dispatched = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger sessionsEnded = new java.util.concurrent.atomic.AtomicInteger();
    private ControlServer server;

    @BeforeEach
    void start() throws IOException {
        runDir = tmp.resolve("run");
        socket = runDir.resolve("director.sock");
        server = ControlServer.start(socket, recording(table));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void socketIsOwnerOnlyInsideAnOwnerOnlyRunDirectory() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        try (var files = Files.list(runDir)) {
            assertThat(files).containsExactly(socket);
        }
    }

    @Test
    void closeRemovesTheSocketFile() throws IOException {
        server.close();
        assertThat(socket).doesNotExist();
        assertThatThrownBy(() -> UnixSocketControlClient.connect(socket))
                .isInstanceOf(DirectorUnavailableException.class);
    }

    @Test
    void everyCallReachesTheTableAndComesBack() throws Exception {
        try (UnixSocketControlClient c = UnixSocketControlClient.connect(socket)) {
            c.addService(new ServiceConfig(VIP, "wrr", 0, 0, -1, ""));
            DestConfig rs = new DestConfig(IpAddress.parseNumeric("172.25.254.2"), 80, ForwardingMethod.MASQ, 1, 0, 0, null);
            c.addDest(VIP, rs);
            c.editDest(VIP, new DestConfig(rs.address(), 80, ForwardingMethod.MASQ, 5, 0, 0, null));
            c.editService(new ServiceConfig(VIP, "rr", 0, 0, -1, ""));
            c.setTimeouts(new Timeouts(0, 60, 0));
            c.startDaemon(new SyncDaemonConfig(DaemonState.MASTER, "eth0", 0, 0, null, 0, 0));
            c.zero(null);
            c.zero(VIP);

            assertThat(c.info().versionCode()).isEqualTo(IpvsControl.VERSION_CODE);
            assertThat(c.services()).singleElement().satisfies(s -> {
                assertThat(s.config().scheduler()).isEqualTo("rr");
                assertThat(s.dests()).singleElement().satisfies(d -> assertThat(d.config().weight()).isEqualTo(5));
            });
            assertThat(c.service(VIP).config().key()).isEqualTo(VIP);
            assertThat(c.timeouts()).isEqualTo(new Timeouts(900, 60, 300));
            assertThat(c.daemons()).extracting(SyncDaemonConfig::state).containsExactly(DaemonState.MASTER);
            assertThat(c.connections()).isEmpty();

            c.deleteDest(VIP, rs.address(), 80);
            c.stopDaemon(DaemonState.MASTER);
            c.deleteService(VIP);
            c.flush();
        }
        assertThat(dispatched).containsSubsequence("addService", "addDest", "editDest", "editService", "setTimeouts",
                "startDaemon", "zero", "zero", "info", "services", "service", "timeouts", "daemons", "connections",
                "deleteDest", "stopDaemon", "deleteService", "flush");
    }

    @Test
    void refusalsArriveWithTheTablesErrno() throws Exception {
        try (UnixSocketControlClient c = UnixSocketControlClient.connect(socket)) {
            assertThatThrownBy(() -> c.deleteService(VIP))
                    .isInstanceOfSatisfying(IpvsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ESRCH));
            c.addService(new ServiceConfig(VIP, "wlc", 0, 0, -1, ""));
            assertThatThrownBy(() -> c.addService(new ServiceConfig(VIP, "wlc", 0, 0, -1, "")))
                    .isInstanceOfSatisfying(IpvsException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.EEXIST);
                        assertThat(e.getMessage()).isEqualTo("EEXIST: service exists");
                    });
            // The connection stays usable after a refusal.
            assertThat(c.services()).hasSize(1);
        }
    }

    @Test
    void aTableDefectIsAnsweredAndTheServerGoesOn() throws Exception {
        server.close();
        IpvsControl broken = (IpvsControl) Proxy.newProxyInstance(IpvsControl.class.getClassLoader(),
                new Class<?>[] {IpvsControl.class}, (p, m, a) -> {
                    throw new IllegalStateException("bug");
                });
        server = ControlServer.start(socket, broken);
        try (UnixSocketControlClient c = UnixSocketControlClient.connect(socket)) {
            assertThatThrownBy(c::flush).isInstanceOfSatisfying(IpvsException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
            assertThatThrownBy(c::flush).isInstanceOf(IpvsException.class);
        }
    }

    @Test
    void anAnswerTooLargeForAFrameIsRefusedWithEnomem() throws Exception {
        ConnectionEntry one = new ConnectionEntry("TCP", 1, "NONE", IpAddress.ofV4(1), 1, IpAddress.ofV4(2), 2,
                IpAddress.ofV4(3), 3, "", "");
        table.setConnections(Collections.nCopies(ControlProtocol.MAX_CONNECTIONS + 1, one));
        try (UnixSocketControlClient c = UnixSocketControlClient.connect(socket)) {
            assertThatThrownBy(c::connections).isInstanceOfSatisfying(IpvsException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM));
        }
    }

    @Test
    void garbageIsAnsweredWithEinvalThenTheConnectionIsClosedAndNothingIsDispatched() throws Exception {
        byte[] garbage = Frames.frame(ControlProtocol.VERSION, Opcode.ADD_SERVICE.code(), new byte[] {1, 2, 3});
        ControlResponse.Failure f = exchangeRaw(garbage);
        assertThat(f.errno()).isEqualTo(Errno.EINVAL);
        assertThat(f.detail()).startsWith("bad request: ");
        assertThat(dispatched).isEmpty();
    }

    @Test
    void unknownOpcodeIsRefused() throws Exception {
        assertThat(exchangeRaw(Frames.frame(ControlProtocol.VERSION, 0x7F, new byte[0])).errno()).isEqualTo(Errno.EINVAL);
        assertThat(exchangeRaw(Frames.frame(ControlProtocol.VERSION, Opcode.DONE.code(), new byte[0])).errno())
                .isEqualTo(Errno.EINVAL);
        assertThat(dispatched).isEmpty();
    }

    @Test
    void anotherVersionIsAnsweredWithEmsgsize() throws Exception {
        ControlResponse.Failure f = exchangeRaw(Frames.frame(9, Opcode.FLUSH.code(), new byte[0]));
        assertThat(f.errno()).isEqualTo(Errno.EMSGSIZE);
        assertThat(dispatched).isEmpty();
    }

    @Test
    void oversizedFrameIsRefusedWithoutReadingItsBody() throws Exception {
        byte[] header = ByteBuffer.allocate(6).putInt(ControlProtocol.MAX_REQUEST_FRAME + 1)
                .put((byte) ControlProtocol.VERSION).put((byte) Opcode.FLUSH.code()).array();
        assertThat(exchangeRaw(header).errno()).isEqualTo(Errno.EMSGSIZE);
        assertThat(dispatched).isEmpty();
    }

    @Test
    void theClientsCloseWaitsUntilTheDirectorHasAppliedTheSessionsChanges() throws Exception {
        try (UnixSocketControlClient client = UnixSocketControlClient.connect(socket)) {
            client.addService(new ServiceConfig(VIP, "wlc", 0, 0, -1, ""));
            assertThat(sessionsEnded).hasValue(0);
        }
        // close() returned: the server had already run awaitApplied() for this session.
        assertThat(sessionsEnded).hasValue(1);
    }

    @Test
    void truncatedFrameFollowedByHangupIsNeverDispatched() throws Exception {
        byte[] full = Frames.bytes(MessageCodec.encodeRequest(new ControlRequest.Flush()));
        byte[] add = Frames.bytes(MessageCodec.encodeRequest(new ControlRequest.AddService(
                new ServiceConfig(VIP, "wlc", 0, 0, -1, ""))));
        try (SocketChannel ch = connectRaw()) {
            FrameIO.write(ch, ByteBuffer.wrap(java.util.Arrays.copyOf(add, add.length - 1)));
        }
        // A following well-formed client is served normally, proving the server survived.
        try (SocketChannel ch = connectRaw()) {
            FrameIO.write(ch, ByteBuffer.wrap(full));
            assertThat(MessageCodec.decodeResponse(FrameIO.read(ch, ControlProtocol.MAX_RESPONSE_FRAME)))
                    .isEqualTo(ControlResponse.DONE);
        }
        assertThat(dispatched).containsExactly("flush");
        assertThat(table.services()).isEmpty();
    }

    @Test
    void unreachableDirectorNamesTheSocketTried() {
        Path missing = tmp.resolve("elsewhere/director.sock");
        assertThatThrownBy(() -> UnixSocketControlClient.connect(missing))
                .isInstanceOfSatisfying(DirectorUnavailableException.class, e -> {
                    assertThat(e.socket()).isEqualTo(missing);
                    assertThat(e.getMessage()).startsWith("the jvs director is not running (tried " + missing + ": ");
                });
    }

    @Test
    void aSecondServerOnTheSamePathIsRefusedButAStaleFileIsReplaced() throws Exception {
        assertThatThrownBy(() -> ControlServer.start(socket, table))
                .isInstanceOf(IOException.class).hasMessageContaining("already listens");
        Path stale = runDir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        }
        assertThat(stale).exists();
        try (ControlServer _ = ControlServer.start(stale, table);
             UnixSocketControlClient c = UnixSocketControlClient.connect(stale)) {
            assertThat(c.services()).isEmpty();
        }
    }

    @Test
    void aDirectorThatGoesAwayMidSessionIsReported() throws Exception {
        UnixSocketControlClient c = UnixSocketControlClient.connect(socket);
        server.close();
        assertThatThrownBy(c::services).isInstanceOf(DirectorUnavailableException.class)
                .hasMessageContaining(socket.toString());
        c.close();
    }

    @Test
    void anAnswerOfAnotherVersionMeansWrongModuleVersion() throws Exception {
        Path fake = tmp.resolve("fake.sock");
        try (ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ss.bind(UnixDomainSocketAddress.of(fake));
            Thread t = Thread.ofVirtual().start(() -> {
                try (SocketChannel ch = ss.accept()) {
                    FrameIO.read(ch, ControlProtocol.MAX_REQUEST_FRAME);
                    FrameIO.write(ch, ByteBuffer.wrap(Frames.frame(2, Opcode.DONE.code(), new byte[0])));
                } catch (IOException | ControlProtocolException e) {
                    throw new AssertionError(e);
                }
            });
            try (UnixSocketControlClient c = UnixSocketControlClient.connect(fake)) {
                assertThatThrownBy(c::flush).isInstanceOfSatisfying(IpvsException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.EMSGSIZE));
            }
            t.join();
        }
    }

    @Test
    void manyClientsAtOnceAreAllServed() throws Exception {
        int clients = 8;
        int perClient = 25;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int id = i;
                done.add(pool.submit(() -> {
                    try (UnixSocketControlClient c = UnixSocketControlClient.connect(socket)) {
                        for (int j = 0; j < perClient; j++) {
                            c.addService(new ServiceConfig(ServiceKey.of(Protocol.UDP, IpAddress.ofV4(id + 1), j + 1),
                                    "rr", 0, 0, -1, ""));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(table.services()).hasSize(clients * perClient);
    }

    private SocketChannel connectRaw() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return ch;
    }

    /** Sends raw bytes, expects one FAILURE frame and then the server hanging up. */
    private ControlResponse.Failure exchangeRaw(byte[] bytes) throws Exception {
        try (SocketChannel ch = connectRaw()) {
            FrameIO.write(ch, ByteBuffer.wrap(bytes));
            ControlResponse r = MessageCodec.decodeResponse(FrameIO.read(ch, ControlProtocol.MAX_RESPONSE_FRAME));
            assertThat(FrameIO.read(ch, ControlProtocol.MAX_RESPONSE_FRAME)).as("connection closed").isNull();
            assertThat(r).isInstanceOf(ControlResponse.Failure.class);
            return (ControlResponse.Failure) r;
        }
    }

    /** Wraps the table so every request that reaches it is recorded by name, and session ends counted. */
    private IpvsControl recording(IpvsControl target) {
        return (IpvsControl) Proxy.newProxyInstance(IpvsControl.class.getClassLoader(), new Class<?>[] {IpvsControl.class},
                (p, m, a) -> {
                    if (m.getName().equals("awaitApplied")) {
                        sessionsEnded.incrementAndGet();
                        return null;
                    }
                    dispatched.add(m.getName());
                    try {
                        return m.invoke(target, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
