package org.jvs.drbd.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.drbd.RealTools;
import org.jvs.drbd.meta.BackingDevice;
import org.jvs.lab.Shell;

/** libnbd's nbdinfo and nbdcopy against our server, over TCP and a Unix socket. */
class NbdRealClientsTest {
    private static final long SIZE = 8L << 20;
    @TempDir
    Path dir;
    BackingDevice backing;
    NbdServer server;
    String tcpUri;
    String unixUri;

    @BeforeEach
    void start() throws IOException {
        Path file = dir.resolve("disk.img");
        try (var f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(SIZE);
        }
        backing = BackingDevice.open(file);
        server = new NbdServer(List.of(new Export("demo", "jvs test", new FileBlockDevice(backing, SIZE))));
        InetSocketAddress a = server.listenTcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        tcpUri = "nbd://127.0.0.1:" + a.getPort() + "/demo";
        Path sock = dir.resolve("demo.sock");
        server.listenUnix(sock);
        unixUri = "nbd+unix:///demo?socket=" + sock;
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        backing.close();
    }

    @Test
    void nbdinfoSeesSizeAndCapabilities() throws IOException {
        String nbdinfo = RealTools.require("nbdinfo", "libnbd-bin");

        Shell.Result json = RealTools.run(nbdinfo, "--json", tcpUri);

        assertThat(json.exitCode()).as(json.stderr()).isZero();
        String j = json.stdout().replace(" ", "");
        assertThat(j).contains("\"export-size\":" + SIZE).contains("\"is_read_only\":false").contains("\"can_flush\":true")
                .contains("\"can_fua\":true").contains("\"can_trim\":true").contains("\"can_zero\":true")
                .contains("\"can_multi_conn\":true").contains("\"export-name\":\"demo\"");
        assertThat(RealTools.run(nbdinfo, "--size", unixUri).stdout().strip()).isEqualTo(String.valueOf(SIZE));
        assertThat(RealTools.run(nbdinfo, "--can", "flush", unixUri).exitCode()).isZero();
        assertThat(RealTools.run(nbdinfo, "--is", "read-only", unixUri).exitCode()).isEqualTo(2);
        assertThat(RealTools.run(nbdinfo, "--list", tcpUri).stdout()).contains("export=\"demo\"");
    }

    @Test
    void nbdcopyOfRandomDataOverTcpReadsBackIdentical() throws IOException {
        copyRoundTrip(tcpUri);
    }

    @Test
    void nbdcopyOfRandomDataOverUnixSocketReadsBackIdentical() throws IOException {
        copyRoundTrip(unixUri);
    }

    private void copyRoundTrip(String uri) throws IOException {
        String nbdcopy = RealTools.require("nbdcopy", "libnbd-bin");
        byte[] data = new byte[(int) SIZE];
        new Random(7).nextBytes(data);
        Path src = dir.resolve("src.img");
        Files.write(src, data);
        Path back = dir.resolve("back.img");

        Shell.Result in = RealTools.run(nbdcopy, "--flush", src.toString(), uri);
        Shell.Result out = RealTools.run(nbdcopy, uri, back.toString());

        assertThat(in.exitCode()).as(in.stderr()).isZero();
        assertThat(out.exitCode()).as(out.stderr()).isZero();
        assertThat(sha(back)).isEqualTo(sha(src));
        assertThat(sha(dir.resolve("disk.img"))).isEqualTo(sha(src));
    }

    @Test
    void nbdcopyZeroesAreWrittenAsZeroes() throws IOException {
        String nbdcopy = RealTools.require("nbdcopy", "libnbd-bin");
        byte[] ones = new byte[(int) SIZE];
        java.util.Arrays.fill(ones, (byte) 0x5a);
        Files.write(dir.resolve("disk.img"), ones);
        Path zeros = dir.resolve("zeros.img");
        try (var f = new java.io.RandomAccessFile(zeros.toFile(), "rw")) {
            f.setLength(SIZE);
        }

        Shell.Result r = RealTools.run(nbdcopy, zeros.toString(), tcpUri);

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(sha(dir.resolve("disk.img"))).isEqualTo(sha(zeros));
    }

    static String sha(Path p) throws IOException {
        return RealTools.sha256(p);
    }
}
