package org.jvs.ldirectord;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.ldirectord.config.SystemNameResolver;

class LdirectordCommandTest {
    @TempDir
    Path dir;
    Path etc;
    Path run;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    Ldirectord ldirectord;

    @BeforeEach
    void setUp() throws Exception {
        etc = Files.createDirectories(dir.resolve("etc/ha.d/conf")).getParent().getParent();
        run = dir.resolve("run");
        Files.createDirectories(run);
        ldirectord = new Ldirectord(new Ldirectord.Environment(Map.of("JVS_RUN_DIR", run.toString()), etc, "director1",
                Clock.systemUTC(), SystemNameResolver.standard(), debug -> Optional.empty(), false));
    }

    int run(String... args) {
        return ldirectord.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    Path config(String name) throws Exception {
        Path p = etc.resolve("ha.d").resolve(name);
        Files.writeString(p, "virtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\n");
        return p;
    }

    @Test
    void usageErrorsExitWith255() {
        assertThat(run()).isEqualTo(255);
        assertThat(run("frobnicate")).isEqualTo(255);
        assertThat(run("-x", "status")).isEqualTo(255);
        assertThat(err()).contains("Usage:");
    }

    @Test
    void versionAndHelpExitZero() {
        assertThat(run("-v")).isZero();
        assertThat(out()).startsWith("Linux Director v1.186-ha\n");
        assertThat(run("--help")).isZero();
    }

    @Test
    void missingConfigurationExitsOne() {
        assertThat(run("nosuch.cf", "status")).isEqualTo(1);
        assertThat(err()).isEqualTo("Config file nosuch.cf not found\n");
    }

    @Test
    void configurationErrorExitsTwoWithFileAndLine() throws Exception {
        Path p = etc.resolve("ha.d/conf/broken.cf");
        Files.writeString(p, "checkinterval=5\ntimeout=3\n");

        assertThat(run("broken.cf", "status")).isEqualTo(2);
        assertThat(err()).isEqualTo(p + ":2: timeout directive deprecated in favour of checktimeout and negotiatetimeout\n");
    }

    @Test
    void statusOfAStoppedDaemonIsThree() throws Exception {
        Path cfg = config("web.cf");

        assertThat(run("web.cf", "status")).isEqualTo(3);
        assertThat(out()).isEqualTo("ldirectord is stopped for " + cfg + "\n");
    }

    @Test
    void oneArgumentMeansLdirectordCfAndTheNameLdirectord() throws Exception {
        config("ldirectord.cf");
        Files.writeString(run.resolve("ldirectord.ldirectord.pid"), ProcessHandle.current().pid() + "\n");

        assertThat(run("status")).isZero();
    }

    @Test
    void staleProcessFileIsOne() throws Exception {
        Path cfg = config("web.cf");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(run.resolve("ldirectord.web.cf.pid"), gone.pid() + "\n");

        assertThat(run("web.cf", "status")).isEqualTo(1);
        assertThat(err()).isEqualTo("ldirectord stale pid file " + run.resolve("ldirectord.web.cf.pid") + " for " + cfg + "\n");
        assertThat(out()).isEqualTo("ldirectord is stopped for " + cfg + "\n");
    }

    @Test
    void runningDaemonIsReportedAndStoppedBySigterm() throws Exception {
        Path cfg = config("web.cf");
        Process daemon = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(run.resolve("ldirectord.web.cf.pid"), daemon.pid() + "\n");

            assertThat(run("web.cf", "status")).isZero();
            assertThat(err()).isEqualTo("ldirectord for " + cfg + " is running with pid: " + daemon.pid() + "\n");
            assertThat(run("web.cf", "start")).as("already running").isZero();
            assertThat(run("web.cf", "stop")).isZero();
            assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(daemon.exitValue()).as("killed by SIGTERM").isEqualTo(143);
        } finally {
            daemon.destroyForcibly();
        }
    }

    @Test
    void reloadOfAStoppedDaemonIsOneAndStopIsZero() throws Exception {
        config("web.cf");

        assertThat(run("web.cf", "reload")).isEqualTo(1);
        assertThat(run("web.cf", "stop")).isZero();
        assertThat(run("web.cf", "try-restart")).isZero();
    }

    @Test
    void startWithoutAnyWayToTheTableFailsWithOne() throws Exception {
        config("web.cf");

        assertThat(run("web.cf", "start")).isEqualTo(1);
        assertThat(err()).isEqualTo("Can not find ipvsadm\n");
    }

    @Test
    void configurationIsLookedForInHaDFirstThenConfThenAsAPath() throws Exception {
        Path local = dir.resolve("local.cf");
        Files.writeString(local, "virtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\n");

        assertThat(run(local.toString(), "status")).isEqualTo(3);
        assertThat(out()).contains(local.toString());
    }
}
