package org.jvs.ipvsadm.control.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.jvs.ipvs.Errno;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvsadm.control.ConnectionEntry;

class MessageCodecTest {

    @Provide
    Arbitrary<ControlRequest> requests() {
        return Messages.requests();
    }

    @Provide
    Arbitrary<ControlResponse> responses() {
        return Messages.responses();
    }

    /** Half known opcodes, half any byte. */
    @Provide
    Arbitrary<Integer> opcodes() {
        return Arbitraries.oneOf(Arbitraries.of(Opcode.values()).map(Opcode::code), Arbitraries.integers().between(0, 255));
    }

    /** Mostly short bodies, where fixed-size messages live, some long ones. */
    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMaxSize(16)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(400)));
    }

    @Property(tries = 500)
    void everyRequestSurvivesEncodingAndFraming(@ForAll("requests") ControlRequest request) throws Exception {
        byte[] wire = Frames.bytes(MessageCodec.encodeRequest(request));
        Frame frame = Frames.read(wire, ControlProtocol.MAX_REQUEST_FRAME);
        assertThat(frame.version()).isEqualTo(ControlProtocol.VERSION);
        assertThat(MessageCodec.decodeRequest(frame)).isEqualTo(request);
    }

    @Property(tries = 300)
    void everyResponseSurvivesEncodingAndFraming(@ForAll("responses") ControlResponse response) throws Exception {
        byte[] wire = Frames.bytes(MessageCodec.encodeResponse(response));
        Frame frame = Frames.read(wire, ControlProtocol.MAX_RESPONSE_FRAME);
        assertThat(MessageCodec.decodeResponse(frame)).isEqualTo(response);
    }

    @Property(tries = 2000)
    void randomBodiesDecodeToACanonicalRequestOrAProtocolErrorOnly(
            @ForAll("opcodes") int opcode, @ForAll("bodies") byte[] body) throws Exception {
        Statistics.coverage(c -> {
            c.check("decoded").count(n -> n > 0);
            c.check("refused").count(n -> n > 0);
        });
        byte[] wire = Frames.frame(ControlProtocol.VERSION, opcode, body);
        ControlRequest decoded;
        try {
            decoded = MessageCodec.decodeRequest(Frames.read(wire, ControlProtocol.MAX_REQUEST_FRAME));
        } catch (ControlProtocolException e) {
            Statistics.collect("refused");
            return;
        }
        Statistics.collect("decoded");
        assertThat(Frames.bytes(MessageCodec.encodeRequest(decoded))).isEqualTo(wire);
    }

    @Property(tries = 2000)
    void randomBodiesDecodeToACanonicalResponseOrAProtocolErrorOnly(
            @ForAll("opcodes") int opcode, @ForAll("bodies") byte[] body) throws Exception {
        Statistics.coverage(c -> {
            c.check("decoded").count(n -> n > 0);
            c.check("refused").count(n -> n > 0);
        });
        byte[] wire = Frames.frame(ControlProtocol.VERSION, opcode, body);
        ControlResponse decoded;
        try {
            decoded = MessageCodec.decodeResponse(Frames.read(wire, ControlProtocol.MAX_RESPONSE_FRAME));
        } catch (ControlProtocolException e) {
            Statistics.collect("refused");
            return;
        }
        Statistics.collect("decoded");
        assertThat(Frames.bytes(MessageCodec.encodeResponse(decoded))).isEqualTo(wire);
    }

    @Property(tries = 1000)
    void mutatedRequestsDecodeCanonicallyOrNotAtAll(@ForAll("requests") ControlRequest request,
                                                    @ForAll @IntRange(min = 0, max = 10_000) int where,
                                                    @ForAll byte value) throws Exception {
        Statistics.coverage(c -> {
            c.check("decoded").count(n -> n > 0);
            c.check("refused").count(n -> n > 0);
        });
        byte[] wire = Frames.bytes(MessageCodec.encodeRequest(request));
        int i = where % wire.length;
        wire[i] = value;
        ControlRequest decoded;
        try {
            Frame frame = Frames.read(wire, ControlProtocol.MAX_REQUEST_FRAME);
            if (frame == null) {
                return;
            }
            decoded = MessageCodec.decodeRequest(frame);
        } catch (ControlProtocolException | IOException e) {
            assertThat(e).isInstanceOf(ControlProtocolException.class);
            Statistics.collect("refused");
            return;
        }
        Statistics.collect("decoded");
        // A length byte changed to a smaller value leaves bytes after the frame: they are not part of it.
        byte[] reencoded = Frames.bytes(MessageCodec.encodeRequest(decoded));
        assertThat(reencoded).isEqualTo(Arrays.copyOf(wire, reencoded.length));
    }

    @Property(tries = 300)
    void everyTruncationIsRefused(@ForAll("requests") ControlRequest request,
                                  @ForAll @IntRange(min = 1, max = 10_000) int cut) throws Exception {
        byte[] wire = Frames.bytes(MessageCodec.encodeRequest(request));
        int keep = cut % wire.length;
        byte[] truncated = Arrays.copyOf(wire, keep);
        if (keep == 0) {
            assertThat(Frames.read(truncated, ControlProtocol.MAX_REQUEST_FRAME)).isNull();
            return;
        }
        assertThatThrownBy(() -> Frames.read(truncated, ControlProtocol.MAX_REQUEST_FRAME))
                .isInstanceOf(ControlProtocolException.class);
        // The same bytes announced as a complete, shorter frame are refused by the decoder.
        if (keep > ControlProtocol.HEADER_BYTES && wire.length > ControlProtocol.HEADER_BYTES) {
            byte[] body = Arrays.copyOfRange(wire, ControlProtocol.HEADER_BYTES, keep);
            byte[] shorter = Frames.frame(wire[4], wire[5] & 0xFF, body);
            assertThatThrownBy(() -> MessageCodec.decodeRequest(Frames.read(shorter, ControlProtocol.MAX_REQUEST_FRAME)))
                    .isInstanceOf(ControlProtocolException.class);
        }
    }

    @Property(tries = 200)
    void trailingBytesAreRefused(@ForAll("requests") ControlRequest request, @ForAll byte extra) throws Exception {
        byte[] wire = Frames.bytes(MessageCodec.encodeRequest(request));
        byte[] body = Arrays.copyOfRange(wire, ControlProtocol.HEADER_BYTES, wire.length + 1);
        body[body.length - 1] = extra;
        byte[] longer = Frames.frame(wire[4], wire[5] & 0xFF, body);
        assertThatThrownBy(() -> MessageCodec.decodeRequest(Frames.read(longer, ControlProtocol.MAX_REQUEST_FRAME)))
                .isInstanceOf(ControlProtocolException.class);
    }

    @org.junit.jupiter.api.Test
    void oversizedFrameIsRefusedBeforeItsBodyIsRead() {
        byte[] header = ByteBuffer.allocate(6).putInt(ControlProtocol.MAX_REQUEST_FRAME + 1).put((byte) 1).put((byte) 1).array();
        assertThatThrownBy(() -> Frames.read(header, ControlProtocol.MAX_REQUEST_FRAME))
                .isInstanceOf(ControlProtocolException.class)
                .hasMessageContaining("above the limit")
                .extracting(e -> ((ControlProtocolException) e).errno()).isEqualTo(Errno.EMSGSIZE);
        byte[] huge = ByteBuffer.allocate(6).putInt(-1).put((byte) 1).put((byte) 1).array();
        assertThatThrownBy(() -> Frames.read(huge, ControlProtocol.MAX_RESPONSE_FRAME))
                .isInstanceOf(ControlProtocolException.class);
    }

    @org.junit.jupiter.api.Test
    void frameShorterThanItsHeaderIsRefused() {
        byte[] tiny = ByteBuffer.allocate(5).putInt(1).put((byte) 1).array();
        assertThatThrownBy(() -> Frames.read(tiny, ControlProtocol.MAX_REQUEST_FRAME))
                .isInstanceOf(ControlProtocolException.class).hasMessageContaining("minimum");
    }

    @org.junit.jupiter.api.Test
    void anotherProtocolVersionIsRefusedWithEmsgsize() throws Exception {
        byte[] wire = Frames.frame(2, Opcode.FLUSH.code(), new byte[0]);
        assertThatThrownBy(() -> MessageCodec.decodeRequest(Frames.read(wire, ControlProtocol.MAX_REQUEST_FRAME)))
                .isInstanceOf(ControlProtocolException.class)
                .extracting(e -> ((ControlProtocolException) e).errno()).isEqualTo(Errno.EMSGSIZE);
    }

    @org.junit.jupiter.api.Test
    void responsesAreNotRequestsAndRequestsAreNotResponses() throws Exception {
        byte[] done = Frames.bytes(MessageCodec.encodeResponse(ControlResponse.DONE));
        assertThatThrownBy(() -> MessageCodec.decodeRequest(Frames.read(done, ControlProtocol.MAX_REQUEST_FRAME)))
                .isInstanceOf(ControlProtocolException.class);
        byte[] flush = Frames.bytes(MessageCodec.encodeRequest(new ControlRequest.Flush()));
        assertThatThrownBy(() -> MessageCodec.decodeResponse(Frames.read(flush, ControlProtocol.MAX_RESPONSE_FRAME)))
                .isInstanceOf(ControlProtocolException.class);
    }

    @org.junit.jupiter.api.Test
    void hostileListCountCannotForceAnAllocation() throws Exception {
        byte[] body = ByteBuffer.allocate(4).putInt(ControlProtocol.MAX_CONNECTIONS).array();
        byte[] wire = Frames.frame(ControlProtocol.VERSION, Opcode.CONNECTIONS.code(), body);
        assertThatThrownBy(() -> MessageCodec.decodeResponse(Frames.read(wire, ControlProtocol.MAX_RESPONSE_FRAME)))
                .isInstanceOf(ControlProtocolException.class).hasMessageContaining("exceeds the frame");
        byte[] negative = Frames.frame(ControlProtocol.VERSION, Opcode.SERVICES.code(), new byte[] {-1, -1, -1, -1});
        assertThatThrownBy(() -> MessageCodec.decodeResponse(Frames.read(negative, ControlProtocol.MAX_RESPONSE_FRAME)))
                .isInstanceOf(ControlProtocolException.class);
    }

    @org.junit.jupiter.api.Test
    void malformedUtf8IsRefused() throws Exception {
        ServiceConfig svc = new ServiceConfig(ServiceKey.of(Protocol.TCP, IpAddress.ofV4(1), 80), "rr", 0, 0, -1, "");
        byte[] wire = Frames.bytes(MessageCodec.encodeRequest(new ControlRequest.AddService(svc)));
        int sched = ControlProtocol.HEADER_BYTES + 1 + 1 + 4 + 2 + 4 + 1; // first byte of "rr"
        wire[sched] = (byte) 0xC0;
        assertThatThrownBy(() -> MessageCodec.decodeRequest(Frames.read(wire, ControlProtocol.MAX_REQUEST_FRAME)))
                .isInstanceOf(ControlProtocolException.class).hasMessageContaining("UTF-8");
    }

    @org.junit.jupiter.api.Test
    void valuesThatDoNotFitAreRefusedWhenEncoding() {
        ServiceConfig longName = new ServiceConfig(ServiceKey.of(Protocol.TCP, IpAddress.ofV4(1), 80),
                "a-scheduler-name-too-long", 0, 0, -1, "");
        assertThatThrownBy(() -> MessageCodec.encodeRequest(new ControlRequest.AddService(longName)))
                .isInstanceOf(ControlProtocolException.class);
        ConnectionEntry badPort = new ConnectionEntry("TCP", 1, "NONE", IpAddress.ofV4(1), 70000,
                IpAddress.ofV4(2), 80, IpAddress.ofV4(3), 80, "", "");
        assertThatThrownBy(() -> MessageCodec.encodeResponse(new ControlResponse.Connections(List.of(badPort))))
                .isInstanceOf(ControlProtocolException.class);
    }
}
