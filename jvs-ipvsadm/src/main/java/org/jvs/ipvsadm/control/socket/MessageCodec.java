package org.jvs.ipvsadm.control.socket;

import java.nio.ByteBuffer;
import org.jvs.ipvs.Errno;
import org.jvs.ipvsadm.control.IpvsInfo;
import org.jvs.ipvsadm.control.Timeouts;

/**
 * Turns {@link ControlRequest}s and {@link ControlResponse}s into frames and back, strictly: a
 * frame either decodes completely into one message or is refused with a
 * {@link ControlProtocolException}; no other exception escapes {@link #decodeRequest} or
 * {@link #decodeResponse}. Stateless and thread-safe.
 */
public final class MessageCodec {
    private static final int MAX_DETAIL_CHARS = 256;

    private MessageCodec() {
    }

    /** The frame of a request. Fails if a field does not fit the protocol (a name too long, a port above 65535). */
    public static ByteBuffer encodeRequest(ControlRequest request) throws ControlProtocolException {
        WireWriter w = new WireWriter(ControlProtocol.MAX_REQUEST_FRAME);
        switch (request) {
            case ControlRequest.AddService r -> ModelCodec.service(w, r.service());
            case ControlRequest.EditService r -> ModelCodec.service(w, r.service());
            case ControlRequest.DeleteService r -> ModelCodec.key(w, r.key());
            case ControlRequest.AddDest r -> {
                ModelCodec.key(w, r.key());
                ModelCodec.dest(w, r.dest());
            }
            case ControlRequest.EditDest r -> {
                ModelCodec.key(w, r.key());
                ModelCodec.dest(w, r.dest());
            }
            case ControlRequest.DeleteDest r -> {
                ModelCodec.key(w, r.key());
                ModelCodec.address(w, r.address());
                w.u16(r.port());
            }
            case ControlRequest.Zero r -> {
                w.bool(r.key() != null);
                if (r.key() != null) {
                    ModelCodec.key(w, r.key());
                }
            }
            case ControlRequest.SetTimeouts r -> timeouts(w, r.timeouts());
            case ControlRequest.StartDaemon r -> ModelCodec.daemon(w, r.daemon());
            case ControlRequest.StopDaemon r -> ModelCodec.daemonState(w, r.state());
            case ControlRequest.GetService r -> ModelCodec.key(w, r.key());
            case ControlRequest.Flush r -> { }
            case ControlRequest.GetInfo r -> { }
            case ControlRequest.GetServices r -> { }
            case ControlRequest.GetTimeouts r -> { }
            case ControlRequest.GetDaemons r -> { }
            case ControlRequest.GetConnections r -> { }
        }
        return w.finish(request.opcode());
    }

    /** The request a frame holds. */
    public static ControlRequest decodeRequest(Frame frame) throws ControlProtocolException {
        checkVersion(frame);
        Opcode op = Opcode.ofCode(frame.opcode());
        if (op == null || !op.isRequest()) {
            throw new ControlProtocolException("unknown request opcode 0x" + Integer.toHexString(frame.opcode()));
        }
        WireReader r = new WireReader(frame.body());
        ControlRequest request = switch (op) {
            case ADD_SERVICE -> new ControlRequest.AddService(ModelCodec.service(r));
            case EDIT_SERVICE -> new ControlRequest.EditService(ModelCodec.service(r));
            case DELETE_SERVICE -> new ControlRequest.DeleteService(ModelCodec.key(r));
            case FLUSH -> new ControlRequest.Flush();
            case ADD_DEST -> new ControlRequest.AddDest(ModelCodec.key(r), ModelCodec.dest(r));
            case EDIT_DEST -> new ControlRequest.EditDest(ModelCodec.key(r), ModelCodec.dest(r));
            case DELETE_DEST -> new ControlRequest.DeleteDest(ModelCodec.key(r), ModelCodec.address(r), r.u16());
            case ZERO -> new ControlRequest.Zero(r.bool("service present") ? ModelCodec.key(r) : null);
            case SET_TIMEOUTS -> new ControlRequest.SetTimeouts(timeouts(r));
            case START_DAEMON -> new ControlRequest.StartDaemon(ModelCodec.daemon(r));
            case STOP_DAEMON -> new ControlRequest.StopDaemon(ModelCodec.daemonState(r));
            case GET_INFO -> new ControlRequest.GetInfo();
            case GET_SERVICES -> new ControlRequest.GetServices();
            case GET_SERVICE -> new ControlRequest.GetService(ModelCodec.key(r));
            case GET_TIMEOUTS -> new ControlRequest.GetTimeouts();
            case GET_DAEMONS -> new ControlRequest.GetDaemons();
            case GET_CONNECTIONS -> new ControlRequest.GetConnections();
            default -> throw new ControlProtocolException("unknown request opcode " + op);
        };
        r.end();
        return request;
    }

    /** The frame of a response. Fails if it would exceed the response limits. */
    public static ByteBuffer encodeResponse(ControlResponse response) throws ControlProtocolException {
        WireWriter w = new WireWriter(ControlProtocol.MAX_RESPONSE_FRAME);
        switch (response) {
            case ControlResponse.Done r -> { }
            case ControlResponse.Info r -> {
                w.i32(r.info().versionCode());
                w.i32(r.info().connTableSize());
            }
            case ControlResponse.Services r -> ModelCodec.serviceEntries(w, r.services());
            case ControlResponse.Service r -> ModelCodec.serviceEntry(w, r.service());
            case ControlResponse.TimeoutValues r -> timeouts(w, r.timeouts());
            case ControlResponse.Daemons r -> ModelCodec.daemons(w, r.daemons());
            case ControlResponse.Connections r -> ModelCodec.connections(w, r.connections());
            case ControlResponse.Failure r -> {
                w.u16(r.errno().value());
                String detail = r.detail();
                w.str16(detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) : detail,
                        ControlProtocol.MAX_DETAIL, "detail");
            }
        }
        return w.finish(response.opcode());
    }

    /** The response a frame holds. */
    public static ControlResponse decodeResponse(Frame frame) throws ControlProtocolException {
        checkVersion(frame);
        Opcode op = Opcode.ofCode(frame.opcode());
        if (op == null || op.isRequest()) {
            throw new ControlProtocolException("unknown response opcode 0x" + Integer.toHexString(frame.opcode()));
        }
        WireReader r = new WireReader(frame.body());
        ControlResponse response = switch (op) {
            case DONE -> ControlResponse.DONE;
            case INFO -> new ControlResponse.Info(new IpvsInfo(r.i32(), r.i32()));
            case SERVICES -> new ControlResponse.Services(ModelCodec.serviceEntries(r));
            case SERVICE -> new ControlResponse.Service(ModelCodec.serviceEntry(r));
            case TIMEOUTS -> new ControlResponse.TimeoutValues(timeouts(r));
            case DAEMONS -> new ControlResponse.Daemons(ModelCodec.daemons(r));
            case CONNECTIONS -> new ControlResponse.Connections(ModelCodec.connections(r));
            case FAILURE -> failure(r);
            default -> throw new ControlProtocolException("unknown response opcode " + op);
        };
        r.end();
        return response;
    }

    private static ControlResponse.Failure failure(WireReader r) throws ControlProtocolException {
        int value = r.u16();
        Errno errno = Errno.ofValue(value);
        if (errno == null) {
            throw new ControlProtocolException("unknown errno " + value);
        }
        return new ControlResponse.Failure(errno, r.str16(ControlProtocol.MAX_DETAIL, "detail"));
    }

    private static void timeouts(WireWriter w, Timeouts t) throws ControlProtocolException {
        w.i32(t.tcpSec());
        w.i32(t.tcpFinSec());
        w.i32(t.udpSec());
    }

    private static Timeouts timeouts(WireReader r) throws ControlProtocolException {
        return new Timeouts(r.i32(), r.i32(), r.i32());
    }

    private static void checkVersion(Frame frame) throws ControlProtocolException {
        if (frame.version() != ControlProtocol.VERSION) {
            throw new ControlProtocolException(Errno.EMSGSIZE, "control protocol version " + frame.version()
                    + " is not the supported version " + ControlProtocol.VERSION);
        }
    }
}
