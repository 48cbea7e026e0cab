package org.jvs.drbd.nbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.drbd.nbd.NbdProtocol.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jvs.drbd.meta.BackingDevice;

/** The NBD server at the byte level: handshake replies, error values, pipelining, bad clients. */
class NbdServerTest {
    private static final long SIZE = 4L << 20;
    @TempDir
    Path dir;
    BackingDevice backing;
    NbdServer server;
    InetSocketAddress address;

    @BeforeEach
    void start() throws IOException {
        Path file = dir.resolve("disk.img");
        try (var f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(SIZE + 8192);
        }
        backing = BackingDevice.open(file);
        server = new NbdServer(List.of(new Export("demo", "test export", new FileBlockDevice(backing, SIZE))));
        address = server.listenTcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        backing.close();
    }

    private RawNbdClient client() throws IOException {
        return new RawNbdClient(address).greet().go("demo");
    }

    @Test
    void goReportsSizeAndFlags() throws IOException {
        try (RawNbdClient c = client()) {
            assertThat(c.size).isEqualTo(SIZE);
            assertThat(c.flags & (TF_HAS_FLAGS | TF_SEND_FLUSH | TF_SEND_FUA | TF_SEND_TRIM | TF_SEND_WRITE_ZEROES))
                    .isEqualTo(TF_HAS_FLAGS | TF_SEND_FLUSH | TF_SEND_FUA | TF_SEND_TRIM | TF_SEND_WRITE_ZEROES);
            assertThat(c.flags & TF_READ_ONLY).isZero();
            assertThat(c.flags & TF_SEND_DF).as("DF without structured replies").isZero();
        }
    }

    @Test
    void writeThenReadReturnsTheSameBytes() throws IOException {
        byte[] data = new byte[8192];
        new Random(1).nextBytes(data);
        try (RawNbdClient c = client()) {
            c.request(CMD_FLAG_FUA, CMD_WRITE, 7, 4096, data.length, ByteBuffer.wrap(data));
            assertThat(c.simpleReply()).containsExactly(0, 7);
            c.request(0, CMD_READ, 8, 4096, data.length, null);
            assertThat(c.simpleReply()).containsExactly(0, 8);
            assertThat(c.read(data.length).array()).isEqualTo(data);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "readBeyondEnd,        0, 0,  4194300, 8,          22",
            "writeBeyondEnd,       0, 6,  4194300, 8,          28",
            "trimBeyondEnd,        0, 4,  4194304, 1,          22",
            "readOffsetOverflow,   0, 0,  -1,      4096,       22",
            "hugeRead,             0, 0,  0,       4294967295, 75",
            "unknownCommand,       0, 99, 0,       0,          22",
            "unknownFlag,          256, 3, 0,      0,          22",
            "blockStatusNoContext, 0, 7,  0,       4096,       22"})
    void badRequestsGetTheProtocolsErrorAndTheConnectionGoesOn(String name, int flags, int type, long offset, long length,
                                                                int error) throws IOException {
        try (RawNbdClient c = client()) {
            c.request(flags, type, 42, offset, length, null);
            assertThat(c.simpleReply()).containsExactly(error, 42);
            c.request(0, CMD_READ, 43, 0, 512, null);
            assertThat(c.simpleReply()).containsExactly(0, 43);
            c.read(512);
        }
    }

    @Test
    void writeLargerThanTheMaximumIsSkippedAndRefused() throws IOException {
        try (RawNbdClient c = client()) {
            int length = MAX_PAYLOAD + 4096;
            c.request(0, CMD_WRITE, 5, 0, length, ByteBuffer.allocate(length));
            assertThat(c.simpleReply()).containsExactly(EOVERFLOW, 5);
            c.request(0, CMD_FLUSH, 6, 0, 0, null);
            assertThat(c.simpleReply()).containsExactly(0, 6);
        }
    }

    @Test
    void manyRequestsInFlightAreAllAnsweredByCookie() throws IOException {
        try (RawNbdClient c = client()) {
            for (int i = 0; i < 200; i++) {
                c.request(0, CMD_READ, 1000 + i, (i % 64) * 4096L, 4096, null);
            }
            Set<Long> cookies = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                long[] r = c.simpleReply();
                assertThat(r[0]).isZero();
                cookies.add(r[1]);
                c.read(4096);
            }
            assertThat(cookies).hasSize(200);
        }
    }

    @Test
    void structuredRepliesCarryReadDataAsOneOffsetDataChunk() throws IOException {
        try (RawNbdClient c = new RawNbdClient(address).greet()) {
            c.option(OPT_STRUCTURED_REPLY, ByteBuffer.allocate(0));
            assertThat(c.optionReply().type()).isEqualTo(REP_ACK);
            c.go("demo");
            assertThat(c.flags & TF_SEND_DF).isEqualTo(TF_SEND_DF);
            c.request(0, CMD_READ, 9, 8192, 1024, null);
            ByteBuffer h = c.read(20);
            assertThat(h.getInt()).isEqualTo(STRUCTURED_REPLY_MAGIC);
            assertThat(h.getShort()).isEqualTo((short) REPLY_FLAG_DONE);
            assertThat(h.getShort()).isEqualTo((short) REPLY_TYPE_OFFSET_DATA);
            assertThat(h.getLong()).isEqualTo(9);
            assertThat(h.getInt()).isEqualTo(8 + 1024);
            assertThat(c.read(8).getLong()).isEqualTo(8192);
            c.read(1024);
            c.request(0, CMD_READ, 10, SIZE, 1024, null);
            ByteBuffer e = c.read(20);
            e.getInt();
            e.getShort();
            assertThat(e.getShort()).isEqualTo((short) REPLY_TYPE_ERROR);
            assertThat(c.read(6).getInt()).isEqualTo(EINVAL);
        }
    }

    @Test
    void unknownOptionIsUnsupportedAndHagglingContinues() throws IOException {
        try (RawNbdClient c = new RawNbdClient(address).greet()) {
            c.option(77, ByteBuffer.allocate(3));
            assertThat(c.optionReply().type()).isEqualTo(REP_ERR_UNSUP);
            c.option(OPT_STARTTLS, ByteBuffer.allocate(0));
            assertThat(c.optionReply().type()).isEqualTo(REP_ERR_UNSUP);
            c.go("demo");
            assertThat(c.size).isEqualTo(SIZE);
        }
    }

    @Test
    void unknownExportIsReportedAndListNamesTheExports() throws IOException {
        try (RawNbdClient c = new RawNbdClient(address).greet()) {
            byte[] n = "nope".getBytes();
            c.option(OPT_INFO, ByteBuffer.allocate(6 + n.length).putInt(n.length).put(n).putShort((short) 0).flip());
            assertThat(c.optionReply().type()).isEqualTo(REP_ERR_UNKNOWN);
            c.option(OPT_LIST, ByteBuffer.allocate(0));
            RawNbdClient.OptionReply server = c.optionReply();
            assertThat(server.type()).isEqualTo(REP_SERVER);
            assertThat(server.data().getInt()).isEqualTo(4);
            assertThat(c.optionReply().type()).isEqualTo(REP_ACK);
            c.option(OPT_ABORT, ByteBuffer.allocate(0));
            assertThat(c.optionReply().type()).isEqualTo(REP_ACK);
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void exportNameOptionEntersTransmissionWithoutOptionReply() throws IOException {
        try (RawNbdClient c = new RawNbdClient(address).greet()) {
            c.option(OPT_EXPORT_NAME, ByteBuffer.wrap("".getBytes()));
            ByteBuffer r = c.read(10);
            assertThat(r.getLong()).isEqualTo(SIZE);
            c.request(0, CMD_FLUSH, 1, 0, 0, null);
            assertThat(c.simpleReply()).containsExactly(0, 1);
        }
    }

    @Test
    void badRequestMagicClosesOnlyThatConnection() throws IOException {
        try (RawNbdClient c = client()) {
            c.send(ByteBuffer.allocate(28).putInt(0, 0x12345678));
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawNbdClient c = client()) {
            c.request(0, CMD_FLUSH, 2, 0, 0, null);
            assertThat(c.simpleReply()).containsExactly(0, 2);
        }
    }

    @Test
    void clientGoneMidWriteLeavesTheServerServing() throws IOException {
        RawNbdClient c = client();
        c.send(ByteBuffer.allocate(28).putInt(REQUEST_MAGIC).putShort((short) 0).putShort((short) CMD_WRITE).putLong(1)
                .putLong(0).putInt(1 << 20).flip(), ByteBuffer.allocate(1000));
        c.close();
        RawNbdClient d = new RawNbdClient(address).greet();
        d.send(ByteBuffer.allocate(8).putLong(IHAVEOPT).flip());
        d.close();
        try (RawNbdClient e = client()) {
            e.request(0, CMD_READ, 3, 0, 4096, null);
            assertThat(e.simpleReply()).containsExactly(0, 3);
        }
    }

    @Test
    void randomGarbageNeverStopsTheServer() throws IOException {
        Random rnd = new Random(42);
        for (int i = 0; i < 200; i++) {
            try (RawNbdClient c = new RawNbdClient(address)) {
                c.read(18);
                byte[] junk = new byte[rnd.nextInt(200)];
                rnd.nextBytes(junk);
                boolean valid = rnd.nextBoolean();
                if (valid) {
                    c.send(ByteBuffer.allocate(4).putInt(FLAG_FIXED_NEWSTYLE).flip());
                    byte[] n = "demo".getBytes();
                    c.option(OPT_GO, ByteBuffer.allocate(10).putInt(4).put(n).putShort((short) 0).flip());
                    while (c.optionReply().type() != REP_ACK) {
                        // INFO replies until the ACK
                    }
                    ByteBuffer req = ByteBuffer.allocate(28 + junk.length).putInt(REQUEST_MAGIC)
                            .putShort((short) rnd.nextInt(1 << 16)).putShort((short) rnd.nextInt(10))
                            .putLong(rnd.nextLong()).putLong(rnd.nextBoolean() ? rnd.nextLong() : rnd.nextInt((int) SIZE))
                            .putInt(rnd.nextInt(1 << 22)).put(junk).flip();
                    c.send(req);
                } else {
                    c.send(ByteBuffer.wrap(junk));
                }
            } catch (IOException expected) {
                // the server may close first; what matters is that it keeps serving others
            }
        }
        try (RawNbdClient c = client()) {
            c.request(0, CMD_READ, 11, 0, 512, null);
            assertThat(c.simpleReply()).containsExactly(0, 11);
        }
    }
}
