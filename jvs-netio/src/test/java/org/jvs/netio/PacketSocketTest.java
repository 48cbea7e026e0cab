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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** AF_PACKET on a veth pair between two namespaces: h1 eth0 10.78.0.1/24, h2 eth0 10.78.0.2/24. */
@Tag("netns")
class PacketSocketTest {
    private static final byte[] H1_IP = ip(10, 78, 0, 1);
    private static final byte[] H2_IP = ip(10, 78, 0, 2);
    private static final int MAX_POLLS = 50;

    private NetLab lab;
    private Host h1;
    private Host h2;
    private NetNamespace ns1;
    private NetNamespace ns2;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer = arena.allocate(4096);
    private final FrameInfo info = new FrameInfo();

    @BeforeEach
    void createLink() throws IOException {
        assumeTrue(NetLab.available(), "skipped: AF_PACKET tests need root to create network namespaces");
        lab = NetLab.create("jvspkt");
        h1 = lab.host("h1");
        h2 = lab.host("h2");
        lab.link(h1, "eth0", "10.78.0.1/24", h2, "eth0", "10.78.0.2/24");
        ns1 = NetNamespace.named(h1.namespace());
        ns2 = NetNamespace.named(h2.namespace());
    }

    @AfterEach
    void removeLink() {
        arena.close();
        if (lab != null) {
            lab.close();
        }
    }

    private byte[] receiveUntil(PacketSocket socket, Predicate<byte[]> wanted) throws IOException {
        for (int polls = 0; polls < MAX_POLLS; polls++) {
            if (!socket.awaitReadable(100)) {
                continue;
            }
            int n;
            while ((n = socket.receive(buffer, 0, info)) > 0) {
                byte[] frame = TestFrames.bytes(buffer, 0, n);
                if (wanted.test(frame)) {
                    return frame;
                }
            }
        }
        throw new AssertionError("no matching frame after " + MAX_POLLS + " polls");
    }

    private static boolean isUdpTo(byte[] f, int port) {
        return f.length > 42 && TestFrames.u16(f, 12) == 0x0800 && f[23] == 17 && TestFrames.u16(f, 36) == port;
    }

    private void sendUdpFromH1(String text, int port) throws IOException {
        h1.run("python3", "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM)"
                + ".sendto(b'" + text + "', ('10.78.0.2', " + port + "))");
    }

    @Test
    void seesAFrameTheKernelOfThePeerSent() throws IOException {
        try (PacketSocket socket = ns2.call(() -> PacketSocket.open("eth0"))) {
            int index = ns2.call(() -> NetInterface.index("eth0"));
            assertThat(socket.interfaceIndex()).isEqualTo(index);
            sendUdpFromH1("jvs-hello", 9999);
            byte[] frame = receiveUntil(socket, f -> isUdpTo(f, 9999));
            assertThat(new String(frame, 42, frame.length - 42, StandardCharsets.US_ASCII)).isEqualTo("jvs-hello");
            assertThat(Arrays.copyOfRange(frame, 26, 30)).isEqualTo(H1_IP);
            assertThat(info.packetType()).isEqualTo(FrameInfo.PACKET_HOST);
            assertThat(info.interfaceIndex()).isEqualTo(index);
            assertThat(info.length()).isEqualTo(frame.length);
            assertThat(info.truncated()).isFalse();
            // veth keeps the sender's checksum offload: only the pseudo-header sum is in the frame.
            assertThat(info.checksumNotReady()).isTrue();
            assertThat(TestFrames.udpChecksumValid(frame)).isFalse();
        }
    }

    @Test
    void withTransmitChecksumOffloadOffThePeerSendsCompleteChecksums() throws IOException {
        ns1.run(() -> NetInterface.setTransmitChecksumOffload("eth0", false));
        assertThat(ns1.call(() -> NetInterface.transmitChecksumOffload("eth0"))).isFalse();
        try (PacketSocket socket = ns2.call(() -> PacketSocket.open("eth0"))) {
            sendUdpFromH1("complete", 9998);
            byte[] frame = receiveUntil(socket, f -> isUdpTo(f, 9998));
            assertThat(info.checksumNotReady()).isFalse();
            assertThat(TestFrames.udpChecksumValid(frame)).isTrue();
            assertThat(TestFrames.u16(frame, 40)).isNotZero();
        }
    }

    @Test
    void sentArpRequestIsAnsweredAndSeenAsOutgoingByAnotherSocket() throws IOException {
        long h1Mac = ns1.call(() -> NetInterface.macAddress("eth0"));
        long h2Mac = ns2.call(() -> NetInterface.macAddress("eth0"));
        try (PacketSocket sender = ns1.call(() -> PacketSocket.open("eth0"));
                PacketSocket watcher = ns1.call(() -> PacketSocket.open("eth0"));
                PacketSocket quiet = ns1.call(() -> PacketSocket.open("eth0"))) {
            quiet.setIgnoreOutgoing(true);
            byte[] request = TestFrames.arpRequest(h1Mac, H1_IP, H2_IP);
            TestFrames.copy(request, buffer);
            assertThat(sender.send(buffer, 0, request.length)).isEqualTo(request.length);

            Predicate<byte[]> arp = f -> TestFrames.u16(f, 12) == 0x0806;
            byte[] seen = receiveUntil(watcher, arp);
            assertThat(info.outgoing()).isTrue();
            assertThat(seen).isEqualTo(request);
            byte[] reply = receiveUntil(sender, arp);
            assertThat(info.packetType()).isEqualTo(FrameInfo.PACKET_HOST);
            assertThat(TestFrames.u16(reply, 20)).isEqualTo(2);
            assertThat(TestFrames.mac(reply, 22)).isEqualTo(h2Mac);
            // The quiet socket skipped our own request: the first ARP it has is h2's reply.
            receiveUntil(quiet, arp);
            assertThat(info.outgoing()).isFalse();
            assertThat(TestFrames.u16(TestFrames.bytes(buffer, 0, info.length()), 20)).isEqualTo(2);
        }
    }

    @Test
    void aReceiveRingHandsOverFramesInOrderWithTheirVirtioHeaderAndHeadroomAndTakesSlotsBack()
            throws IOException {
        long h1Mac = ns1.call(() -> NetInterface.macAddress("eth0"));
        long h2Mac = ns2.call(() -> NetInterface.macAddress("eth0"));
        try (PacketSocket sender = ns1.call(() -> PacketSocket.open("eth0"));
                PacketSocket receiver = ns2.call(() -> PacketSocket.open("eth0"))) {
            receiver.setVirtioNetHeader(true);
            try (ReceiveRing ring = ReceiveRing.attach(receiver, 2048, 64, 8)) {
                assertThat(ring.slots()).isGreaterThanOrEqualTo(8);
                // Twice round the ring: slots given back are filled again.
                List<String> seen = new ArrayList<>();
                for (int round = 0; round < 2 * ring.slots(); round += 4) {
                    for (int i = 0; i < 4; i++) {
                        byte[] frame = TestFrames.ipv4(h2Mac, h1Mac, H1_IP, H2_IP, 17,
                                TestFrames.udp(5000, 9995, ("ring-" + (round + i)).getBytes(StandardCharsets.US_ASCII)));
                        TestFrames.copy(frame, buffer);
                        assertThat(sender.send(buffer, 0, frame.length)).isEqualTo(frame.length);
                    }
                    int got = 0;
                    for (int polls = 0; polls < MAX_POLLS && got < 4; polls++) {
                        receiver.awaitReadable(100);
                        int slot;
                        while ((slot = ring.next()) >= 0) {
                            int at = ring.macOffset(slot);
                            byte[] frame = TestFrames.bytes(ring.slot(slot), at, ring.length(slot));
                            if (isUdpTo(frame, 9995)) {
                                assertThat(at).isEqualTo(ring.ethernetMacOffset());
                                // The virtio header (all zero for a plain frame) and 64 free bytes before it.
                                assertThat(TestFrames.bytes(ring.slot(slot), at - 10, 10)).containsOnly(0);
                                assertThat(at - 10 - 64).isGreaterThanOrEqualTo(52);
                                assertThat(ring.packetType(slot)).isEqualTo(FrameInfo.PACKET_HOST);
                                assertThat(ring.truncated(slot)).isFalse();
                                assertThat(ring.checksumNotReady(slot)).isFalse();
                                seen.add(new String(frame, 42, frame.length - 42, StandardCharsets.US_ASCII));
                                got++;
                            }
                            ring.release(slot);
                        }
                    }
                }
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < seen.size(); i++) {
                    expected.add("ring-" + i);
                }
                assertThat(seen).hasSizeGreaterThanOrEqualTo(2 * ring.slots()).isEqualTo(expected);
            }
        }
    }

    @Test
    void anInterfaceThatVanishesUnderAReceiveRingIsReportedByThePollSet() throws IOException {
        try (PacketSocket socket = ns2.call(() -> PacketSocket.open("eth0"));
                ReceiveRing ring = ReceiveRing.attach(socket, 2048, 0, 4)) {
            PollSet poll = new PollSet(socket);
            assertThat(poll.await(10)).isFalse();
            h2.run("ip", "link", "del", "eth0");
            ErrnoException failure = null;
            for (int polls = 0; polls < MAX_POLLS && failure == null; polls++) {
                try {
                    poll.await(100);
                } catch (ErrnoException e) {
                    failure = e;
                }
            }
            assertThat(failure).as("poll reports the socket's error").isNotNull();
            assertThat(failure.errno()).isEqualTo(Errno.ENETDOWN);
            assertThat(failure.getMessage()).contains("packet socket on eth0");
            assertThat(ring.next()).isEqualTo(-1);
        }
    }

    @Test
    void aFrameLargerThanARingSlotIsMarkedTruncated() throws IOException {
        long h1Mac = ns1.call(() -> NetInterface.macAddress("eth0"));
        long h2Mac = ns2.call(() -> NetInterface.macAddress("eth0"));
        try (PacketSocket sender = ns1.call(() -> PacketSocket.open("eth0"));
                PacketSocket receiver = ns2.call(() -> PacketSocket.open("eth0"));
                ReceiveRing ring = ReceiveRing.attach(receiver, 64, 0, 1)) {
            byte[] frame = TestFrames.ipv4(h2Mac, h1Mac, H1_IP, H2_IP, 17, TestFrames.udp(5000, 9994, new byte[1200]));
            TestFrames.copy(frame, buffer);
            sender.send(buffer, 0, frame.length);
            for (int polls = 0; polls < MAX_POLLS; polls++) {
                receiver.awaitReadable(100);
                int slot = ring.next();
                if (slot >= 0) {
                    assertThat(ring.macOffset(slot)).isEqualTo(ring.ethernetMacOffset());
                byte[] head = TestFrames.bytes(ring.slot(slot), ring.macOffset(slot), 42);
                    boolean ours = isUdpTo(java.util.Arrays.copyOf(head, 43), 9994);
                    boolean truncated = ring.truncated(slot);
                    ring.release(slot);
                    if (ours) {
                        assertThat(truncated).isTrue();
                        return;
                    }
                }
            }
            throw new AssertionError("the large frame never arrived");
        }
    }

    @Test
    void batchesMoveSeveralFramesPerSystemCall() throws IOException {
        long h1Mac = ns1.call(() -> NetInterface.macAddress("eth0"));
        long h2Mac = ns2.call(() -> NetInterface.macAddress("eth0"));
        try (PacketSocket sender = ns1.call(() -> PacketSocket.open("eth0"));
                PacketSocket receiver = ns2.call(() -> PacketSocket.open("eth0"));
                PacketBatch out = new PacketBatch(4, 256);
                PacketBatch in = new PacketBatch(8, 2048)) {
            for (int i = 0; i < 4; i++) {
                byte[] frame = TestFrames.ipv4(h2Mac, h1Mac, H1_IP, H2_IP, 17,
                        TestFrames.udp(5000 + i, 9997, ("batch-" + i).getBytes(StandardCharsets.US_ASCII)));
                TestFrames.copy(frame, out.frame(i));
                out.setLength(i, frame.length);
            }
            assertThat(sender.send(out, 4)).isEqualTo(4);

            Set<String> payloads = new HashSet<>();
            for (int polls = 0; polls < MAX_POLLS && payloads.size() < 4; polls++) {
                if (!receiver.awaitReadable(100)) {
                    continue;
                }
                int n = receiver.receive(in);
                for (int i = 0; i < n; i++) {
                    byte[] frame = TestFrames.bytes(in.frame(i), 0, in.length(i));
                    if (isUdpTo(frame, 9997)) {
                        in.info(i, info);
                        assertThat(info.packetType()).isEqualTo(FrameInfo.PACKET_HOST);
                        assertThat(info.length()).isEqualTo(frame.length);
                        assertThat(TestFrames.udpChecksumValid(frame)).isTrue();
                        payloads.add(new String(frame, 42, frame.length - 42, StandardCharsets.US_ASCII));
                    }
                }
            }
            assertThat(payloads).containsExactlyInAnyOrder("batch-0", "batch-1", "batch-2", "batch-3");
        }
    }

    @Test
    void sendQueueSendsFramesWhereTheyLieInOrderAndSkipsOneTheKernelRefuses() throws IOException {
        long h1Mac = ns1.call(() -> NetInterface.macAddress("eth0"));
        long h2Mac = ns2.call(() -> NetInterface.macAddress("eth0"));
        try (PacketSocket sender = ns1.call(() -> PacketSocket.open("eth0"));
                PacketSocket receiver = ns2.call(() -> PacketSocket.open("eth0"));
                SendQueue queue = new SendQueue(4);
                PacketBatch in = new PacketBatch(8, 2048)) {
            MemorySegment frames = arena.allocate(4 * 4096);
            for (int i = 0; i < 4; i++) {
                byte[] frame = TestFrames.ipv4(h2Mac, h1Mac, H1_IP, H2_IP, 17,
                        TestFrames.udp(5000 + i, 9996, ("queued-" + i).getBytes(StandardCharsets.US_ASCII)));
                // Frame 2 is longer than the MTU allows: the kernel refuses it alone.
                int length = i == 2 ? 3000 : frame.length;
                TestFrames.copy(frame, frames.asSlice(i * 4096L + 100));
                queue.add(frames, i * 4096L + 100, length);
            }
            assertThat(queue.isFull()).isTrue();
            assertThat(queue.flush(sender)).isEqualTo(3);
            assertThat(queue.size()).isZero();

            List<String> payloads = new ArrayList<>();
            for (int polls = 0; polls < MAX_POLLS && payloads.size() < 3; polls++) {
                if (!receiver.awaitReadable(100)) {
                    continue;
                }
                int n = receiver.receive(in);
                for (int i = 0; i < n; i++) {
                    byte[] frame = TestFrames.bytes(in.frame(i), 0, in.length(i));
                    if (isUdpTo(frame, 9996)) {
                        payloads.add(new String(frame, 42, frame.length - 42, StandardCharsets.US_ASCII));
                    }
                }
            }
            assertThat(payloads).containsExactly("queued-0", "queued-1", "queued-3");
        }
    }

    @Test
    void shortBufferCutsTheFrameAndSaysSo() throws IOException {
        try (PacketSocket socket = ns2.call(() -> PacketSocket.open("eth0"))) {
            sendUdpFromH1("a-datagram-longer-than-the-buffer", 9996);
            MemorySegment small = arena.allocate(30);
            for (int polls = 0; polls < MAX_POLLS; polls++) {
                if (socket.awaitReadable(100) && socket.receive(small, 0, info) > 0 && info.truncated()) {
                    assertThat(info.length()).isEqualTo(30);
                    return;
                }
            }
            throw new AssertionError("no truncated frame seen");
        }
    }

    @Test
    void promiscuousMembershipCountsOnTheLinkUntilDroppedOrClosed() throws IOException {
        // A membership raises the device's promiscuity count (ip -d shows it), not the IFF_PROMISC flag.
        try (PacketSocket socket = ns2.call(() -> PacketSocket.open("eth0"))) {
            assertThat(promiscuity()).isEqualTo("promiscuity 0");
            socket.setPromiscuous(true);
            assertThat(promiscuity()).isEqualTo("promiscuity 1");
            socket.setPromiscuous(false);
            assertThat(promiscuity()).isEqualTo("promiscuity 0");
            socket.setPromiscuous(true);
        }
        assertThat(promiscuity()).isEqualTo("promiscuity 0");
    }

    private String promiscuity() throws IOException {
        String link = h2.run("ip", "-d", "-o", "link", "show", "eth0");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("promiscuity \\d+").matcher(link);
        assertThat(m.find()).as(link).isTrue();
        return m.group();
    }

    @Test
    void errorsAreErrnoExceptions() throws IOException {
        assertThatThrownBy(() -> ns2.call(() -> PacketSocket.open(999_999)))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENODEV);
                    assertThat(e.operation()).startsWith("bind ");
                });
        assertThatThrownBy(() -> ns2.call(() -> PacketSocket.open("nosuch0")))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errnoName()).isEqualTo("ENODEV"));

        PacketSocket socket = ns2.call(() -> PacketSocket.open("eth0"));
        socket.close();
        socket.close();
        assertThatThrownBy(() -> socket.receive(buffer, 0, info))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
        assertThatThrownBy(() -> socket.send(buffer, 0, 60))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
    }
}
