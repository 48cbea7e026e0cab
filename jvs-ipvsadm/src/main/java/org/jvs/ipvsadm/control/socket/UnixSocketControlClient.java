package org.jvs.ipvsadm.control.socket;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.jvs.common.RunDirectory;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvsadm.control.ConnectionEntry;
import org.jvs.ipvsadm.control.DaemonState;
import org.jvs.ipvsadm.control.DirectorUnavailableException;
import org.jvs.ipvsadm.control.IpvsControl;
import org.jvs.ipvsadm.control.IpvsInfo;
import org.jvs.ipvsadm.control.ServiceEntry;
import org.jvs.ipvsadm.control.SyncDaemonConfig;
import org.jvs.ipvsadm.control.Timeouts;

/**
 * {@link IpvsControl} over the director's control socket: each call is one request frame and one
 * response frame on a single connection (see {@link ControlProtocol}). A refused request comes
 * back as the director's {@link IpvsException}; an unreachable director, a lost connection or an
 * unintelligible answer is a {@link DirectorUnavailableException}, after which the client is closed.
 *
 * <p>Thread-safe: calls are serialised on the connection.
 */
public final class UnixSocketControlClient implements IpvsControl, AutoCloseable {
    private final Path socket;
    private final SocketChannel channel;

    private UnixSocketControlClient(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
    }

    /** Connects to the director of this process's run directory ({@code $JVS_RUN_DIR/director.sock}). */
    public static UnixSocketControlClient connect() {
        return connect(RunDirectory.fromEnvironment().directorSocket());
    }

    /** Connects to the director listening on {@code socket}. */
    public static UnixSocketControlClient connect(Path socket) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new UnixSocketControlClient(socket, ch);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new DirectorUnavailableException(socket, "the jvs director is not running (tried "
                    + socket + ": " + reason + ")", e);
        }
    }

    @Override
    public void addService(ServiceConfig service) throws IpvsException {
        exchange(new ControlRequest.AddService(service));
    }

    @Override
    public void editService(ServiceConfig service) throws IpvsException {
        exchange(new ControlRequest.EditService(service));
    }

    @Override
    public void deleteService(ServiceKey key) throws IpvsException {
        exchange(new ControlRequest.DeleteService(key));
    }

    @Override
    public void flush() throws IpvsException {
        exchange(new ControlRequest.Flush());
    }

    @Override
    public void addDest(ServiceKey key, DestConfig dest) throws IpvsException {
        exchange(new ControlRequest.AddDest(key, dest));
    }

    @Override
    public void editDest(ServiceKey key, DestConfig dest) throws IpvsException {
        exchange(new ControlRequest.EditDest(key, dest));
    }

    @Override
    public void deleteDest(ServiceKey key, IpAddress address, int port) throws IpvsException {
        exchange(new ControlRequest.DeleteDest(key, address, port));
    }

    @Override
    public void zero(ServiceKey key) throws IpvsException {
        exchange(new ControlRequest.Zero(key));
    }

    @Override
    public void setTimeouts(Timeouts timeouts) throws IpvsException {
        exchange(new ControlRequest.SetTimeouts(timeouts));
    }

    @Override
    public void startDaemon(SyncDaemonConfig daemon) throws IpvsException {
        exchange(new ControlRequest.StartDaemon(daemon));
    }

    @Override
    public void stopDaemon(DaemonState state) throws IpvsException {
        exchange(new ControlRequest.StopDaemon(state));
    }

    @Override
    public IpvsInfo info() throws IpvsException {
        return expect(exchange(new ControlRequest.GetInfo()), ControlResponse.Info.class).info();
    }

    @Override
    public List<ServiceEntry> services() throws IpvsException {
        return expect(exchange(new ControlRequest.GetServices()), ControlResponse.Services.class).services();
    }

    @Override
    public ServiceEntry service(ServiceKey key) throws IpvsException {
        return expect(exchange(new ControlRequest.GetService(key)), ControlResponse.Service.class).service();
    }

    @Override
    public Timeouts timeouts() throws IpvsException {
        return expect(exchange(new ControlRequest.GetTimeouts()), ControlResponse.TimeoutValues.class).timeouts();
    }

    @Override
    public List<SyncDaemonConfig> daemons() throws IpvsException {
        return expect(exchange(new ControlRequest.GetDaemons()), ControlResponse.Daemons.class).daemons();
    }

    @Override
    public List<ConnectionEntry> connections() throws IpvsException {
        return expect(exchange(new ControlRequest.GetConnections()), ControlResponse.Connections.class).connections();
    }

    /**
     * Ends the session: says so to the director and waits (at most {@link #CLOSE_WAIT_MS}) until it
     * has closed its side, which it does once this session's changes are in effect for packets — as
     * an {@code ipvsadm} against the kernel returns only after its change took effect.
     */
    @Override
    public void close() {
        if (channel == null || !channel.isOpen()) {
            return;
        }
        try (Selector selector = Selector.open()) {
            channel.shutdownOutput();
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer sink = ByteBuffer.allocate(256);
            long deadline = System.nanoTime() + CLOSE_WAIT_MS * 1_000_000L;
            long left;
            while ((left = (deadline - System.nanoTime()) / 1_000_000L) > 0) {
                selector.select(left);
                selector.selectedKeys().clear();
                if (channel.read(sink.clear()) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            // The director went away: nothing is left to wait for.
        } finally {
            closeQuietly(channel);
        }
    }

    /** How long {@link #close} waits for the director to end the session. */
    private static final long CLOSE_WAIT_MS = 10_000;

    private synchronized ControlResponse exchange(ControlRequest request) throws IpvsException {
        ByteBuffer frame;
        try {
            frame = MessageCodec.encodeRequest(request);
        } catch (ControlProtocolException e) {
            // The kernel refuses netlink attributes that do not fit in the same way.
            throw new IpvsException(Errno.EINVAL, e.getMessage());
        }
        ControlResponse response;
        try {
            FrameIO.write(channel, frame);
            Frame answer = FrameIO.read(channel, ControlProtocol.MAX_RESPONSE_FRAME);
            if (answer == null) {
                throw broken("the director closed the connection", null);
            }
            response = MessageCodec.decodeResponse(answer);
        } catch (IOException e) {
            throw broken("lost the connection to the director: " + e.getMessage(), e);
        } catch (ControlProtocolException e) {
            if (e.errno() == Errno.EMSGSIZE) {
                closeQuietly(channel);
                throw new IpvsException(Errno.EMSGSIZE, e.getMessage());
            }
            throw broken("the director's answer is malformed: " + e.getMessage(), null);
        }
        if (response instanceof ControlResponse.Failure f) {
            throw new IpvsException(f.errno(), f.detail());
        }
        return response;
    }

    private <T extends ControlResponse> T expect(ControlResponse response, Class<T> type) {
        if (!type.isInstance(response)) {
            throw broken("the director answered " + response.opcode() + " where " + type.getSimpleName()
                    + " was expected", null);
        }
        return type.cast(response);
    }

    private DirectorUnavailableException broken(String reason, Throwable cause) {
        closeQuietly(channel);
        return new DirectorUnavailableException(socket, reason + " (" + socket + ")", cause);
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // Nothing more can be done with a channel that fails to close; it is dropped either way.
        }
    }
}
