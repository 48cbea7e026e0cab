package org.jvs.drbd.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.drbd.state.ConnectionState;

/**
 * The completion points made visible: the Primary's link stalls (its writes pile up in socket
 * buffers) and is then cut as if the machine died. Under protocol C no write acknowledged before
 * the cut is missing on the peer; under protocol A some are, as its contract allows.
 */
class ProtocolLossTest {
    private static final long SIZE = 16L << 20;
    @TempDir
    Path dir;

    @ParameterizedTest(name = "protocol {0}")
    @CsvSource({"C, false", "A, true"})
    void acknowledgedWritesMissingOnThePeerAfterTheLinkDies(char protocol, boolean canLose) throws Exception {
        int relayPort = TwoNodes.freePort();
        String net = "protocol " + protocol + ";";
        try (TwoNodes n = new TwoNodes(dir, SIZE, net, net, "", relayPort)) {
            try (Relay relay = new Relay(relayPort, new InetSocketAddress("127.0.0.2", n.portB))) {
                n.startSyncedWithAlphaPrimary();
                ReplicatedDevice dev = new ReplicatedDevice(n.a, n.a.volume(0));
                long blocks = dev.size() / 4096;
                ConcurrentLinkedQueue<Integer> ackedBeforeCut = new ConcurrentLinkedQueue<>();
                AtomicBoolean cutting = new AtomicBoolean();
                Thread writer = Thread.ofPlatform().start(() -> {
                    for (int i = 1; i < blocks && !Thread.currentThread().isInterrupted(); i++) {
                        try {
                            dev.write((long) i * 4096, ByteBuffer.allocate(4096).putInt(0, i), false);
                        } catch (Exception e) {
                            return;
                        }
                        if (!cutting.get()) {
                            ackedBeforeCut.add(i);
                        }
                        // about a thousand writes a second, so some fall into the stall
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                        if (i > 300 && cutting.get()) {
                            return;
                        }
                    }
                });
                Thread.sleep(200);
                relay.stall();
                Thread.sleep(300);
                cutting.set(true);
                relay.cut();
                writer.join(30_000);
                TwoNodes.await("beta lost alpha", () -> n.b.connectionState() != ConnectionState.CONNECTED);

                List<Integer> missing = ackedBeforeCut.stream().filter(i -> {
                    try {
                        ByteBuffer b = ByteBuffer.allocate(4096);
                        n.b.volume(0).read((long) i * 4096, b);
                        return b.getInt(0) != i;
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).toList();

                assertThat(ackedBeforeCut).isNotEmpty();
                if (canLose) {
                    assertThat(missing).as("protocol A: acknowledged but never arrived").isNotEmpty();
                } else {
                    assertThat(missing).as("protocol C: acknowledged means on the peer").isEmpty();
                }
            }
        }
    }
}
