package org.jvs.director;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jvs.common.RunDirectory;
import org.jvs.ipvsadm.cli.Ipvsadm;
import org.jvs.ipvsadm.control.socket.UnixSocketControlClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real director (control plane only) driven by the real ipvsadm over its Unix socket. */
class DirectorTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run ipvsadm(RunDirectory runDir, String line) {
        return ipvsadm(runDir, line, "");
    }

    private Run ipvsadm(RunDirectory runDir, String line, String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Ipvsadm.run(line.split(" "), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> UnixSocketControlClient.connect(runDir.directorSocket()));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final String TUTORIAL_LISTING = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  172.16.100.1:80 wrr
              -> 172.25.254.2:80              Masq    1      0          0         \n\
              -> 172.25.254.3:80              Masq    2      0          0         \n\
            """;

    @Test
    void tutorialCommandsOverTheSocketListByteForByte() throws Exception {
        RunDirectory runDir = new RunDirectory(dir.resolve("run"));
        try (Director d = Director.start(DirectorOptions.defaults(runDir), System.err)) {
            assertThat(ipvsadm(runDir, "-A -t 172.16.100.1:80 -s wrr").exit()).isZero();
            assertThat(ipvsadm(runDir, "-a -t 172.16.100.1:80 -r 172.25.254.2 -m -w 1").exit()).isZero();
            assertThat(ipvsadm(runDir, "-a -t 172.16.100.1:80 -r 172.25.254.3 -m -w 2").exit()).isZero();
            assertThat(ipvsadm(runDir, "-Ln").out()).isEqualTo(TUTORIAL_LISTING);

            Run dup = ipvsadm(runDir, "-A -t 172.16.100.1:80 -s wrr");
            assertThat(dup.exit()).isEqualTo(255);
            assertThat(dup.err()).isEqualTo("Service already exists\n");
            assertThat(d.table().services()).hasSize(1);
        }
    }

    @Test
    void savedRulesAreRestoredAtStart() throws Exception {
        RunDirectory runDir = new RunDirectory(dir.resolve("run"));
        String saved;
        try (Director d = Director.start(DirectorOptions.defaults(runDir), System.err)) {
            ipvsadm(runDir, "-A -t 172.16.100.1:80 -s wrr -p 120");
            ipvsadm(runDir, "-a -t 172.16.100.1:80 -r 172.25.254.2 -m -w 1");
            ipvsadm(runDir, "-A -u 10.0.0.1:53 -s sh -b sh-fallback,sh-port");
            ipvsadm(runDir, "-a -u 10.0.0.1:53 -r 10.0.1.1 -g -w 3");
            saved = ipvsadm(runDir, "-S -n").out();
        }
        Path rules = dir.resolve("ipvsadm.rules");
        Files.writeString(rules, saved);
        DirectorOptions withRules = new DirectorOptions(runDir, rules, 12, 1 << 20,
                DirectorOptions.defaults(runDir).sysctls(), java.util.List.of());
        try (Director d = Director.start(withRules, System.err)) {
            assertThat(ipvsadm(runDir, "-S -n").out()).isEqualTo(saved).contains("-A -t 172.16.100.1:80 -s wrr -p 120");
        }
    }

    @Test
    void busyPollIsBoundedAndOffByDefault() {
        RunDirectory runDir = new RunDirectory(dir.resolve("run"));
        DirectorOptions defaults = DirectorOptions.defaults(runDir);
        assertThat(defaults.busyPollMicros()).isZero();
        assertThat(defaults.withInterfaces(java.util.List.of("eth0")).busyPollMicros()).isZero();
        assertThatThrownBy(() -> new DirectorOptions(runDir, null, 12, 1 << 20, defaults.sysctls(), java.util.List.of(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("busy-poll must be 0..1000000 microseconds, not -1");
        assertThat(new DirectorOptions(runDir, null, 12, 1 << 20, defaults.sysctls(), java.util.List.of("eth0"), 50)
                .withInterfaces(java.util.List.of("eth1")).busyPollMicros()).isEqualTo(50);
    }

    @Test
    void brokenRulesFileStopsTheStartAndNothingIsLeftBehind() throws Exception {
        RunDirectory runDir = new RunDirectory(dir.resolve("run"));
        Path rules = dir.resolve("bad.rules");
        Files.writeString(rules, "-A -t 172.16.100.1:80 -s wrr\n-a -t 172.16.100.1:80 -r 172.25.254.2 -w 70000\n");
        DirectorOptions opts = new DirectorOptions(runDir, rules, 12, 1 << 20,
                DirectorOptions.defaults(runDir).sysctls(), java.util.List.of());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThatThrownBy(() -> Director.start(opts, new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isInstanceOf(DirectorStartException.class).hasMessageContaining("bad.rules");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("illegal weight specified");
        assertThat(runDir.directorSocket()).doesNotExist();
    }

    @Test
    void controlSocketIsRootOnlyAndGoneAfterStop() throws Exception {
        RunDirectory runDir = new RunDirectory(dir.resolve("run"));
        try (Director d = Director.start(DirectorOptions.defaults(runDir), System.err)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir.directorSocket())))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runDir.path())))
                    .isEqualTo("rwx------");
            assertThat(runDir.resolve(Director.PID_FILE)).exists();
            assertThatThrownBy(() -> Director.start(DirectorOptions.defaults(runDir), System.err))
                    .isInstanceOf(DirectorStartException.class).hasMessageContaining("already running");
        }
        assertThat(runDir.directorSocket()).doesNotExist();
        assertThat(runDir.resolve(Director.PID_FILE)).doesNotExist();
    }

    @Test
    void ipvsadmSaysSoWhenNoDirectorRuns() {
        RunDirectory runDir = new RunDirectory(dir.resolve("nothing"));
        Run r = ipvsadm(runDir, "-Ln");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("Can't initialize ipvs: the jvs director is not running (tried "
                + runDir.directorSocket());
    }

    @Test
    void connectionListingAndTimeoutsComeFromTheCore() throws Exception {
        RunDirectory runDir = new RunDirectory(dir.resolve("run"));
        try (Director d = Director.start(DirectorOptions.defaults(runDir), System.err)) {
            assertThat(ipvsadm(runDir, "--set 600 60 120").exit()).isZero();
            assertThat(ipvsadm(runDir, "-L --timeout").out()).isEqualTo("Timeout (tcp tcpfin udp): 600 60 120\n");
            assertThat(ipvsadm(runDir, "-Lnc").out())
                    .isEqualTo("IPVS connection entries\npro expire state       source             virtual            destination\n");
            // Sync daemons with the kernel's errors (a running pair is SyncFailoverIT's subject).
            Run daemon = ipvsadm(runDir, "--start-daemon master --mcast-interface nosuchif0");
            assertThat(daemon.exit()).isEqualTo(255);
            assertThat(daemon.err()).isEqualTo("No such device\n");
            assertThat(ipvsadm(runDir, "--stop-daemon backup").err()).isEqualTo("No daemon is running\n");
            assertThat(ipvsadm(runDir, "-L --daemon").out()).isEmpty();
        }
    }
}
