package org.jvs.ipvsadm.control.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jvs.ipvsadm.control.InMemoryIpvsControl;
import org.jvs.ipvsadm.control.IpvsControl;

/** A real control server fed frames the codec refuses: nothing reaches the table, the answer is a failure. */
class ControlServerFuzzTest {
    private static final List<String> DISPATCHED = new CopyOnWriteArrayList<>();
    private static Path dir;
    private static Path socket;
    private static ControlServer server;

    @BeforeContainer
    static void start() throws IOException {
        dir = Files.createTempDirectory("jvs-control-fuzz");
        socket = dir.resolve("run/director.sock");
        IpvsControl table = new InMemoryIpvsControl();
        IpvsControl recording = (IpvsControl) Proxy.newProxyInstance(IpvsControl.class.getClassLoader(),
                new Class<?>[] {IpvsControl.class}, (p, m, a) -> {
                    if (m.getName().equals("awaitApplied")) {
                        return null; // the end of a session, not a request
                    }
                    DISPATCHED.add(m.getName());
                    try {
                        return m.invoke(table, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        server = ControlServer.start(socket, recording);
    }

    @AfterContainer
    static void stop() throws IOException {
        server.close();
        Files.deleteIfExists(socket.getParent());
        Files.deleteIfExists(dir);
    }

    /** Valid requests corrupted one way or another: cut, extended, flipped, re-versioned. */
    @Provide
    Arbitrary<byte[]> hostileFrames() {
        Arbitrary<byte[]> valid = Messages.requests().map(r -> {
            try {
                return Frames.bytes(MessageCodec.encodeRequest(r));
            } catch (ControlProtocolException e) {
                throw new IllegalStateException(e);
            }
        });
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 10_000);
        return Arbitraries.oneOf(
                Combinators.combine(valid, where).as((w, i) -> Arrays.copyOf(w, i % w.length)),
                Combinators.combine(valid, where, Arbitraries.bytes()).as((w, i, b) -> {
                    byte[] m = w.clone();
                    m[i % m.length] = b;
                    return m;
                }),
                Combinators.combine(valid, Arbitraries.integers().between(2, 255)).as((w, v) -> {
                    byte[] m = w.clone();
                    m[4] = (byte) v.intValue();
                    return m;
                }),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
    }

    @Property(tries = 150)
    void framesTheCodecRefusesAreNeverDispatched(@ForAll("hostileFrames") byte[] wire) throws Exception {
        Assume.that(refusedByCodec(wire));
        int before = DISPATCHED.size();
        byte[] answer;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            FrameIO.write(ch, ByteBuffer.wrap(wire));
            ch.shutdownOutput();
            answer = readToEnd(ch);
        }
        assertThat(DISPATCHED).hasSize(before);
        if (answer.length > 0) {
            ControlResponse r = MessageCodec.decodeResponse(Frames.read(answer, ControlProtocol.MAX_RESPONSE_FRAME));
            assertThat(r).isInstanceOf(ControlResponse.Failure.class);
        }
    }

    /** Whether the codec refuses the first frame in {@code wire} (or there is no whole frame). */
    private static boolean refusedByCodec(byte[] wire) {
        try {
            Frame f = Frames.read(wire, ControlProtocol.MAX_REQUEST_FRAME);
            if (f == null) {
                return true;
            }
            MessageCodec.decodeRequest(f);
            return false;
        } catch (ControlProtocolException e) {
            return true;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readToEnd(SocketChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (ch.read(buf.clear()) >= 0) {
            out.write(buf.array(), 0, buf.position());
        }
        return out.toByteArray();
    }
}
