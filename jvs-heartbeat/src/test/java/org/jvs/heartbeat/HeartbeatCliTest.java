package org.jvs.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without a running daemon: usage, configuration errors, status of a stopped node. */
class HeartbeatCliTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Heartbeat.main(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("JVS_RUN_DIR", dir.resolve("run").toString()));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path config(String authkeysMode) throws Exception {
        Path c = Files.createDirectories(dir.resolve("ha.d"));
        Files.writeString(c.resolve("nodeinfo"), "server1\n");
        Files.writeString(c.resolve("ha.cf"), "keepalive 2\ndeadtime 30\nbcast eth0\nnode server1 server4\n");
        Files.writeString(c.resolve("authkeys"), "auth 1\n1 sha1 key-for-sha1-any-text-you-want\n");
        Files.setPosixFilePermissions(c.resolve("authkeys"), PosixFilePermissions.fromString(authkeysMode));
        Files.writeString(c.resolve("haresources"), "server1.example.com IPaddr::172.25.254.100/24/eth0 ldirectord httpd\n");
        return c;
    }

    @Test
    void authkeysReadableByOthersRefusesToStartWithHeartbeatsMessage() throws Exception {
        Path c = config("rw-r--r--");
        Run r = run("--config-dir", c.toString(), "start");
        assertThat(r.code()).isEqualTo(Heartbeat.EXIT_NOT_CONFIGURED);
        assertThat(r.err()).contains("Bad permissions on keyfile [" + c.resolve("authkeys") + "], 600 recommended.")
                .contains("Authentication configuration error.");
        assertThat(dir.resolve("run/heartbeat/heartbeat.pid")).doesNotExist();
    }

    @Test
    void configurationErrorsAreReportedWithFileAndLine() throws Exception {
        Path c = config("rw-------");
        Files.writeString(c.resolve("ha.cf"), "keepalive 2\ndeadtime 3\nbcast eth0\nnode server1 server4\n");
        Run r = run("--config-dir", c.toString(), "start");
        assertThat(r.code()).isEqualTo(Heartbeat.EXIT_NOT_CONFIGURED);
        assertThat(r.err()).contains(c.resolve("ha.cf") + ":2: Dead time [3000] is too small compared to keeplive [2000]")
                .contains("Heartbeat not started: configuration error.");
    }

    @Test
    void haresourcesNamingAnUnknownNodeRefusesToStart() throws Exception {
        Path c = config("rw-------");
        Files.writeString(c.resolve("haresources"), "server9 10.0.0.1\n");
        Run r = run("--config-dir", c.toString(), "start");
        assertThat(r.code()).isEqualTo(Heartbeat.EXIT_NOT_CONFIGURED);
        assertThat(r.err()).contains("Bad nodename in " + c.resolve("haresources") + " [server9]");
    }

    @Test
    void aMissingInterfaceStopsTheStartAndLeavesNoPidFile() throws Exception {
        Path c = config("rw-------");
        Files.writeString(c.resolve("ha.cf"), "keepalive 2\ndeadtime 30\nbcast nosuch0\nnode server1 server4\n");
        Files.writeString(c.resolve("haresources"), "server1 10.0.0.1\n");
        Run r = run("--config-dir", c.toString(), "start");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("interface nosuch0 does not exist (medium bcast nosuch0)")
                .contains("Heartbeat not started.");
        assertThat(dir.resolve("run/heartbeat/heartbeat.pid")).doesNotExist();
    }

    @Test
    void statusOfAStoppedNodeIsLsbThree() {
        Run r = run("status");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("heartbeat is stopped. No process");
        assertThat(run("stop").code()).isZero();
    }

    @Test
    void standbyAndTakeoverCheckTheirResourceSet() {
        Run r = run("standby", "everything");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("hb_standby: wrong resources(everything).");
        assertThat(run("takeover", "all", "local").code()).isEqualTo(2);
        assertThat(run("standby", "failback").code()).isEqualTo(1);
    }

    @Test
    void unknownCommandPrintsUsage() {
        Run r = run("frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("usage: jvs heartbeat");
        assertThat(run().code()).isEqualTo(2);
    }
}
