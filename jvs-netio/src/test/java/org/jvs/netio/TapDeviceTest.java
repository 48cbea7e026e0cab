package org.jvs.netio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.jvs.netio.TestFrames.ip;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real frames through a real TAP, in a namespace of its own holding 10.77.0.1/24. */
@Tag("netns")
class TapDeviceTest {
    private static final long TAP_MAC = 0x02_00_00_00_77_01L;
    private static final long PEER_MAC = 0x02_00_00_00_77_02L;
    private static final byte[] TAP_IP = ip(10, 77, 0, 1);
    private static final byte[] PEER_IP = ip(10, 77, 0, 2);
    /** Enough polls for the kernel to answer on a loaded machine; each waits at most 100 ms. */
    private static final int MAX_POLLS = 50;

    private NetLab lab;
    private Host host;
    private NetNamespace ns;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer = arena.allocate(4096);

    @BeforeEach
    void createNamespace() throws IOException {
        assumeTrue(NetLab.available(), "skipped: TAP tests need root to create network namespaces");
        lab = NetLab.create("jvsnio");
        host = lab.host("tap");
        ns = NetNamespace.named(host.namespace());
    }

    @AfterEach
    void removeNamespace() {
        arena.close();
        if (lab != null) {
            lab.close();
        }
    }

    /** Brings the TAP up with a known MAC, 10.77.0.1/24 and the peer's MAC in the neighbour table. */
    private void configure(String name) throws IOException {
        ns.run(() -> {
            NetInterface.setMacAddress(name, TAP_MAC);
            NetInterface.setUp(name, true);
        });
        host.run("ip", "addr", "add", "10.77.0.1/24", "dev", name);
        host.run("ip", "neigh", "replace", "10.77.0.2", "lladdr", "02:00:00:00:77:02", "dev", name);
    }

    private void write(TapDevice tap, int offset, byte[] frame) throws IOException {
        MemorySegment.copy(MemorySegment.ofArray(frame), 0, buffer, offset, frame.length);
        assertThat(tap.write(buffer, offset, frame.length)).isEqualTo(frame.length);
    }

    /** Reads frames (after {@code skip} header bytes) until one matches; fails after MAX_POLLS waits. */
    private byte[] readUntil(List<TapDevice> queues, int skip, Predicate<byte[]> wanted) throws IOException {
        for (int polls = 0; polls < MAX_POLLS; polls++) {
            for (TapDevice q : queues) {
                if (!q.awaitReadable(100 / queues.size())) {
                    continue;
                }
                int n;
                while ((n = q.read(buffer, 0)) > 0) {
                    byte[] frame = TestFrames.bytes(buffer, 0, n);
                    byte[] payload = Arrays.copyOfRange(frame, skip, n);
                    if (wanted.test(payload)) {
                        return frame;
                    }
                }
            }
        }
        throw new AssertionError("no matching frame after " + MAX_POLLS + " polls");
    }

    private static boolean isArpReply(byte[] f) {
        return f.length >= 42 && TestFrames.u16(f, 12) == 0x0806 && TestFrames.u16(f, 20) == 2;
    }

    @Test
    void kernelAnswersAnArpRequestWrittenToTheTap() throws IOException {
        try (TapDevice tap = ns.call(() -> TapDevice.open("jt0"))) {
            assertThat(tap.name()).isEqualTo("jt0");
            configure("jt0");
            write(tap, 0, TestFrames.arpRequest(PEER_MAC, PEER_IP, TAP_IP));
            byte[] reply = readUntil(List.of(tap), 0, TapDeviceTest::isArpReply);
            assertThat(TestFrames.mac(reply, 0)).isEqualTo(PEER_MAC);
            assertThat(TestFrames.mac(reply, 22)).isEqualTo(TAP_MAC);
            assertThat(Arrays.copyOfRange(reply, 28, 32)).isEqualTo(TAP_IP);
            assertThat(Arrays.copyOfRange(reply, 38, 42)).isEqualTo(PEER_IP);
        }
    }

    @Test
    void kernelAnswersAnIcmpEchoFromAnOffsetInTheBuffer() throws IOException {
        try (TapDevice tap = ns.call(() -> TapDevice.open("jt0"))) {
            configure("jt0");
            byte[] payload = "jvs-tap-echo".getBytes(StandardCharsets.US_ASCII);
            byte[] request = TestFrames.ipv4(TAP_MAC, PEER_MAC, PEER_IP, TAP_IP, 1,
                    TestFrames.icmpEcho(8, 0x4A56, 7, payload));
            write(tap, 100, request);
            byte[] reply = readUntil(List.of(tap), 0,
                    f -> f.length > 34 && TestFrames.u16(f, 12) == 0x0800 && f[23] == 1 && f[34] == 0);
            assertThat(TestFrames.checksum(reply, 14, 20, 0)).as("IPv4 header checksum").isZero();
            assertThat(TestFrames.checksum(reply, 34, reply.length - 34, 0)).as("ICMP checksum").isZero();
            assertThat(TestFrames.u16(reply, 38)).isEqualTo(0x4A56);
            assertThat(TestFrames.u16(reply, 40)).isEqualTo(7);
            assertThat(Arrays.copyOfRange(reply, 42, reply.length)).isEqualTo(payload);
            assertThat(Arrays.copyOfRange(reply, 30, 34)).isEqualTo(PEER_IP);
        }
    }

    @Test
    void vnetHeaderPrecedesEveryFrameBothWays() throws IOException {
        try (TapDevice tap = ns.call(() -> TapDevice.open("jt0", true))) {
            assertThat(tap.vnetHeader()).isTrue();
            configure("jt0");
            byte[] request = TestFrames.arpRequest(PEER_MAC, PEER_IP, TAP_IP);
            byte[] withHeader = new byte[TapDevice.VNET_HEADER_LENGTH + request.length];
            System.arraycopy(request, 0, withHeader, TapDevice.VNET_HEADER_LENGTH, request.length);
            write(tap, 0, withHeader);
            byte[] reply = readUntil(List.of(tap), TapDevice.VNET_HEADER_LENGTH, TapDeviceTest::isArpReply);
            assertThat(Arrays.copyOf(reply, TapDevice.VNET_HEADER_LENGTH)).containsOnly(0);
            assertThat(TestFrames.mac(reply, TapDevice.VNET_HEADER_LENGTH + 22)).isEqualTo(TAP_MAC);
        }
    }

    @Test
    void checksumOffloadHandsOverPartialChecksumsFlaggedInTheVnetHeader() throws IOException {
        try (TapDevice tap = ns.call(() -> TapDevice.open("jt0", true))) {
            tap.setOffload(TapDevice.OFFLOAD_CSUM);
            configure("jt0");
            host.run("python3", "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM)"
                    + ".sendto(b'offloaded', ('10.77.0.2', 9999))");
            byte[] frame = readUntil(List.of(tap), TapDevice.VNET_HEADER_LENGTH,
                    f -> f.length > 34 && TestFrames.u16(f, 12) == 0x0800 && f[23] == 17);
            // virtio_net_hdr: flags NEEDS_CSUM, csum_start at the UDP header, csum_offset of its checksum.
            assertThat(frame[0] & 1).isEqualTo(1);
            assertThat((frame[6] & 0xFF) | (frame[7] & 0xFF) << 8).isEqualTo(34);
            assertThat((frame[8] & 0xFF) | (frame[9] & 0xFF) << 8).isEqualTo(6);
        }
    }

    @Test
    void multiQueueTapSpreadsOneDeviceOverSeveralDescriptors() throws IOException {
        List<TapDevice> queues = ns.call(() -> TapDevice.openMultiQueue("jt0", 2, false));
        try {
            assertThat(queues).hasSize(2).allSatisfy(q -> assertThat(q.name()).isEqualTo("jt0"));
            configure("jt0");
            assertThat(host.run("ip", "-d", "link", "show", "jt0")).contains("multi_queue");
            write(queues.get(1), 0, TestFrames.arpRequest(PEER_MAC, PEER_IP, TAP_IP));
            assertThat(readUntil(queues, 0, TapDeviceTest::isArpReply)).isNotNull();
        } finally {
            for (TapDevice q : queues) {
                q.close();
            }
        }
    }

    @Test
    void secondPlainOpenOfABusyTapFailsWithEbusy() throws IOException {
        try (TapDevice tap = ns.call(() -> TapDevice.open("jt0"))) {
            assertThat(tap).isNotNull();
            assertThatThrownBy(() -> ns.call(() -> TapDevice.open("jt0")))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> {
                        assertThat(e.errnoName()).isEqualTo("EBUSY");
                        assertThat(e.errno()).isEqualTo(16);
                        assertThat(e.operation()).isEqualTo("TUNSETIFF jt0");
                    });
        }
    }

    @Test
    void badDeviceNameIsAnErrnoException() {
        assertThatThrownBy(() -> ns.call(() -> TapDevice.open("bad/name")))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThatThrownBy(() -> TapDevice.open("a-name-of-16-chr")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readFindsNothingAndTheWaitTimesOutOnAQuietTap() throws IOException {
        try (TapDevice tap = ns.call(() -> TapDevice.open("jt0"))) {
            // Down: the kernel sends nothing to it.
            assertThat(tap.awaitReadable(20)).isFalse();
            assertThat(tap.read(buffer, 0)).isZero();
        }
    }

    @Test
    void closedTapReportsEbadfAndClosesOnlyOnce() throws IOException {
        TapDevice tap = ns.call(() -> TapDevice.open("jt0"));
        tap.close();
        tap.close();
        assertThatThrownBy(() -> tap.read(buffer, 0))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
        assertThatThrownBy(() -> tap.write(buffer, 0, 60))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errnoName()).isEqualTo("EBADF"));
        assertThatThrownBy(() -> tap.awaitReadable(0))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
    }

    @Test
    void writeToADownTapIsAnEio() throws IOException {
        try (TapDevice tap = ns.call(() -> TapDevice.open("jt0"))) {
            byte[] request = TestFrames.arpRequest(PEER_MAC, PEER_IP, TAP_IP);
            MemorySegment.copy(MemorySegment.ofArray(request), 0, buffer, 0, request.length);
            assertThatThrownBy(() -> tap.write(buffer, 0, request.length))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO));
        }
    }

    @Test
    void interfaceIoctlsReadAndChangeTheTap() throws IOException {
        try (TapDevice tap = ns.call(() -> TapDevice.open("jt0"))) {
            assertThat(tap.name()).isEqualTo("jt0");
            int[] index = new int[1];
            ns.run(() -> {
                index[0] = NetInterface.index("jt0");
                NetInterface.setMtu("jt0", 1400);
                NetInterface.setMacAddress("jt0", 0x02_00_5E_10_00_FFL);
                NetInterface.setUp("jt0", true);
                assertThat(NetInterface.mtu("jt0")).isEqualTo(1400);
                assertThat(NetInterface.macAddress("jt0")).isEqualTo(0x02_00_5E_10_00_FFL);
                assertThat(NetInterface.isUp("jt0")).isTrue();
                ErrnoException tooSmall = org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class,
                        () -> NetInterface.setMtu("jt0", 10));
                assertThat(tooSmall.errno()).isEqualTo(Errno.EINVAL);
            });
            String link = host.run("ip", "-o", "link", "show", "jt0");
            assertThat(link).startsWith(index[0] + ": jt0:").contains("mtu 1400").contains("02:00:5e:10:00:ff")
                    .contains(",UP");
            ns.run(() -> NetInterface.setUp("jt0", false));
            assertThat(host.run("ip", "-o", "link", "show", "jt0")).doesNotContain(",UP");
        }
    }
}
