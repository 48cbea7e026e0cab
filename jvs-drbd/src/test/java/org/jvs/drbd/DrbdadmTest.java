package org.jvs.drbd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.drbd.daemon.InProcessLauncher;
import org.jvs.lab.Shell;

/** The tutorial's demo resource driven with drbdadm on two nodes (server1, server4) on loopback. */
class DrbdadmTest {
    private static final long SIZE = 24L << 20;
    @TempDir
    Path dir;
    InProcessLauncher launcher;
    CliNode server1;
    CliNode server4;
    Path disk1;
    Path disk4;

    @BeforeEach
    void setUp() throws Exception {
        launcher = new InProcessLauncher();
        disk1 = sparse("vdb-server1.img");
        disk4 = sparse("vdb-server4.img");
        int p1 = freePort();
        int p4 = freePort();
        Path conf = dir.resolve("drbd.conf");
        Files.createDirectories(dir.resolve("drbd.d"));
        Files.writeString(conf, "include \"drbd.d/global_common.conf\";\ninclude \"drbd.d/*.res\";\n");
        Files.writeString(dir.resolve("drbd.d/global_common.conf"), """
                global { usage-count no; }
                common { net { protocol C; connect-int 1; ping-int 1; } disk { c-plan-ahead 0; resync-rate 300M; } }
                """);
        // the tutorial's resource as written, with this test's disks and loopback addresses
        Files.writeString(dir.resolve("drbd.d/demo.res"), """
                resource demo{
                meta-disk internal;
                device /dev/drbd1;
                syncer {
                verify-alg sha1;
                }
                on server1 {
                disk %s;
                address 127.0.0.1:%d;
                }
                on server4{
                disk %s;
                address 127.0.0.2:%d;
                }
                }
                """.formatted(disk1, p1, disk4, p4));
        server1 = new CliNode("server1", dir.resolve("run1"), conf, launcher);
        server4 = new CliNode("server4", dir.resolve("run4"), conf, launcher);
    }

    @AfterEach
    void tearDown() {
        launcher.close();
    }

    private Path sparse(String name) throws Exception {
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(SIZE);
        }
        return p;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void tutorialFlowCreateMdUpPrimaryForceSyncVerifyDown() throws Exception {
        assertThat(server1.drbdadm("create-md", "demo").exit()).isZero();
        assertThat(server4.drbdadm("create-md", "demo").exit()).isZero();
        assertThat(server1.drbdadm("up", "demo").exit()).isZero();
        assertThat(server4.drbdadm("up", "demo").exit()).isZero();
        assertThat(server1.drbdadm("wait-connect", "--timeout=30", "demo").exit()).isZero();
        assertThat(server1.drbdadm("dstate", "demo").out()).isEqualTo("Inconsistent/Inconsistent\n");
        CliNode.Result refused = server1.drbdadm("primary", "demo");
        assertThat(refused.exit()).isEqualTo(17);
        assertThat(refused.err()).startsWith("1: State change failed: (-2) Need access to UpToDate data\n");

        assertThat(server1.drbdadm("primary", "--force", "demo").exit()).isZero();
        CliNode.Result sync = server4.drbdadm("wait-sync", "--timeout=60", "demo");

        assertThat(sync.exit()).isZero();
        assertThat(server1.drbdadm("status", "demo").out()).isEqualTo("""
                demo role:Primary
                  disk:UpToDate
                  server4 role:Secondary
                    peer-disk:UpToDate
                """);
        assertThat(server4.drbdadm("role", "demo").out()).isEqualTo("Secondary/Primary\n");
        assertThat(server4.drbdadm("cstate", "demo").out()).isEqualTo("Connected\n");

        String uri = server1.drbdadm("sh-dev", "demo").out().strip();
        assertThat(uri).isEqualTo("nbd+unix:///demo?socket=" + dir.resolve("run1/drbd/demo.sock"));
        String nbdcopy = RealTools.require("nbdcopy", "libnbd-bin");
        Path src = dir.resolve("random.img");
        byte[] data = new byte[16 << 20];
        new Random(11).nextBytes(data);
        Files.write(src, data);
        Shell.Result copy = RealTools.run(nbdcopy, "--flush", src.toString(), uri);
        assertThat(copy.exitCode()).as(copy.stderr()).isZero();

        assertThat(server1.drbdadm("verify", "demo").exit()).isZero();
        assertThat(server1.drbdadm("wait-sync", "--timeout=60", "demo").exit()).isZero();
        assertThat(server1.drbdadm("events", "demo").out()).contains("Online verify done").doesNotContain("out of sync!");
        assertThat(head(disk4, data.length)).isEqualTo(head(disk1, data.length)).isEqualTo(RealTools.sha256(src));

        assertThat(server4.drbdadm("secondary", "demo").exit()).isZero();
        assertThat(server1.drbdadm("down", "demo").exit()).isZero();
        assertThat(server4.drbdadm("down", "demo").exit()).isZero();
        assertThat(server1.drbdadm("role", "demo").out()).isEqualTo("Unconfigured\n");
        assertThat(server1.drbdadm("get-gi", "demo").out()).matches("[0-9A-F]{16}:0{16}:[0-9A-F]{16}:[0-9A-F]{16}:1:1:0:0:0:0:0\n");
    }

    @Test
    void upWithoutMetadataFailsWithDrbdmetasMessage() {
        CliNode.Result r = server1.drbdadm("up", "demo");

        assertThat(r.exit()).isEqualTo(10);
        assertThat(r.err()).contains("No valid meta data found");
    }

    @Test
    void createMdOfARunningResourceIsRefused() {
        server1.drbdadm("create-md", "demo");
        server1.drbdadm("up", "demo");

        CliNode.Result r = server1.drbdadm("create-md", "--force", "demo");

        assertThat(r.exit()).isEqualTo(20);
        assertThat(r.err()).startsWith("Device '1' is configured!\n");
    }

    @Test
    void unknownResourceIsNotDefinedForThisHost() {
        CliNode.Result r = server1.drbdadm("up", "nosuch");

        assertThat(r.exit()).isEqualTo(10);
        assertThat(r.err()).isEqualTo("'nosuch' not defined in your config (for this host).\n");
    }

    @Test
    void commandsOnAResourceThatIsDownSayWhatDrbdSays() {
        assertThat(server1.drbdadm("cstate", "demo").out()).isEqualTo("Unconfigured\n");
        CliNode.Result p = server1.drbdadm("primary", "demo");
        assertThat(p.exit()).isEqualTo(10);
        assertThat(p.err()).startsWith("1: Failure: (127) Device minor not allocated\n");
        assertThat(server1.drbdadm("status", "demo").err()).isEqualTo("demo: No such resource\n");
    }

    @Test
    void theTutorialsDeviceNameMapsToItsExport() throws Exception {
        var config = org.jvs.drbd.config.ConfigParser.parse(server1.config);
        var run = new org.jvs.common.RunDirectory(server1.runDir);

        var e = DeviceExports.find(config, "server1", run, "/dev/drbd1").orElseThrow();

        assertThat(e.resource()).isEqualTo("demo");
        assertThat(e.uri()).isEqualTo("nbd+unix:///demo?socket=" + server1.runDir.resolve("drbd/demo.sock"));
        assertThat(DeviceExports.find(config, "server1", run, "/dev/drbd9")).isEmpty();
    }

    @Test
    void dumpPrintsTheNormalisedConfiguration() {
        CliNode.Result r = server1.drbdadm("dump", "demo");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("# resource demo on server1: not ignored, not stacked")
                .contains("        address          ipv4 127.0.0.1:").contains("        verify-alg       sha1;");
    }

    private static String head(Path p, int bytes) throws Exception {
        Path tmp = Files.createTempFile("head", ".img");
        try (var in = Files.newInputStream(p)) {
            Files.write(tmp, in.readNBytes(bytes));
            return RealTools.sha256(tmp);
        } finally {
            Files.delete(tmp);
        }
    }
}
