package org.jvs.ldirectord.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.ldirectord.testing.Targets;
import org.jvs.ldirectord.testing.TcpResponder;

class ExternalAndCombinedChecksTest {
    @TempDir
    Path dir;

    Path script(String body) throws Exception {
        Path s = dir.resolve("check-" + body.hashCode() + ".sh");
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        s.toFile().setExecutable(true);
        return s;
    }

    @Test
    void externalGetsVipVportRipRportAndExitZeroIsUp() throws Exception {
        Path args = dir.resolve("args");
        Path ok = script("echo \"$@\" > " + args + "; exit 0");

        CheckResult r = CheckRunner.run(Targets.of(8080, "checktype=external\ncheckcommand=" + ok));

        assertThat(r.up()).isTrue();
        assertThat(Files.readString(args)).isEqualTo("127.0.0.1 8080 127.0.0.1 8080\n");
    }

    @Test
    void externalNonZeroExitAndMissingCommandAreDown() throws Exception {
        assertThat(CheckRunner.run(Targets.of(80, "checktype=external\ncheckcommand=" + script("exit 3"))).up()).isFalse();
        assertThat(CheckRunner.run(Targets.of(80, "checktype=external\ncheckcommand=/nonexistent/check")).up()).isFalse();
    }

    @Test
    void externalThatOverrunsChecktimeoutIsKilledAndDown() throws Exception {
        Path pidFile = dir.resolve("pid");
        Path hang = script("echo $$ > " + pidFile + "; exec sleep 60");

        CheckResult r = CheckRunner.run(Targets.of(80, "checktype=external\ncheckcommand=" + hang));

        assertThat(r.up()).isFalse();
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            handle.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void combinedRunsNegotiateFirstThenNConnectsThenNegotiateAgain() throws Exception {
        AtomicInteger negotiations = new AtomicInteger();
        try (TcpResponder server = new TcpResponder(p -> {
            if (new String(p.readAll(), java.nio.charset.StandardCharsets.US_ASCII).equals("PING")) {
                negotiations.incrementAndGet();
                p.write("OK\n");
            }
        })) {
            HealthChecker checker = new HealthChecker(
                    Targets.of(server.port(), "service=simpletcp\nrequest=\"PING\"\nreceive=\"OK\"\nchecktype=2"),
                    new Checks(new ProcessRunner(), false));
            for (int i = 0; i < 6; i++) {
                assertThat(checker.check().orElseThrow().up()).isTrue();
            }
            // negotiate, connect, connect, negotiate, connect, connect
            assertThat(negotiations.get()).isEqualTo(2);
        }
    }

    @Test
    void combinedForcesANegotiateAfterAFailedConnect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        HealthChecker checker = new HealthChecker(Targets.of(port, "service=none\nchecktype=3"),
                new Checks(new ProcessRunner(), false));

        assertThat(checker.check().orElseThrow().up()).as("negotiate with service none").isTrue();
        assertThat(checker.check().orElseThrow().up()).as("connect to a closed port").isFalse();
        assertThat(checker.check().orElseThrow().up()).as("forced negotiate").isTrue();
    }

    @Test
    void offNeverDecidesAndOnIsAlwaysUpWithoutAMonitorLine() throws Exception {
        Checks checks = new Checks(new ProcessRunner(), false);
        assertThat(new HealthChecker(Targets.of(1, "checktype=off"), checks).check()).isEmpty();
        assertThat(new HealthChecker(Targets.of(1, "checktype=on"), checks).check()).contains(CheckResult.unmonitored(true));
    }

    @Test
    void pingWithoutRootRefusesRatherThanFakingIt() throws Exception {
        CheckResult r = new HealthChecker(Targets.of(1, "checktype=ping"), new Checks(new ProcessRunner(), false))
                .check().orElseThrow();

        assertThat(r).isEqualTo(CheckResult.down("ping needs root (ICMP echo needs a raw socket)"));
    }
}
