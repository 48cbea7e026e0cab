package org.jvs.ldirectord.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.ldirectord.testing.MutableClock;

class DaemonLogTest {
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(Instant.parse("2026-03-05T07:08:09Z"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    DaemonLog log(String logfile, boolean debug, boolean supervised) {
        return new DaemonLog(logfile, "ldirectord.cf", 4242, debug, supervised, clock,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new Syslog(dir.resolve("log.sock"), 4242, clock));
    }

    @Test
    void logFileLinesCarryTimeConfigNameAndPid() throws Exception {
        Path file = dir.resolve("ldirectord.log");
        DaemonLog log = log(file.toString(), false, false);

        log.log("Added real server: 10.1.0.2:80 (10.1.0.1:80) (Weight set to 1)\n");
        log.log("Deleted real server: 10.1.0.2:80 (10.1.0.1:80)");

        assertThat(Files.readString(file)).isEqualTo(
                "[Thu Mar  5 07:08:09 2026|ldirectord.cf|4242] Added real server: 10.1.0.2:80 (10.1.0.1:80) (Weight set to 1)\n"
                        + "[Thu Mar  5 07:08:09 2026|ldirectord.cf|4242] Deleted real server: 10.1.0.2:80 (10.1.0.1:80)\n");
    }

    @Test
    void supervisedLogsToStandardOutputAndDebugToStandardError() {
        log("/unused", false, true).log("hello");
        log("/unused", true, false).log("there");

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[Thu Mar  5 07:08:09 2026] hello\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("DEBUG2: there\nthere\n");
    }

    @Test
    void facilityLinesAreSyslogDatagrams() throws Exception {
        Path sock = dir.resolve("log.sock");
        Path got = dir.resolve("got");
        Process receiver = new ProcessBuilder("python3", "-c", """
                import socket, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                s.bind(sys.argv[1])
                open(sys.argv[2] + '.ready', 'w').close()
                data = s.recv(4096)
                open(sys.argv[2], 'wb').write(data)
                """, sock.toString(), got.toString()).inheritIO().start();
        try {
            for (int i = 0; i < 100 && !Files.exists(Path.of(got + ".ready")); i++) {
                Thread.sleep(50);
            }
            assumeTrue(Files.exists(Path.of(got + ".ready")), "python3 could not bind a unix datagram socket");

            log("local0", false, false).log("Deleted real server: 10.1.0.2:80 (10.1.0.1:80)");

            assertThat(receiver.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(got)).isEqualTo("<134>Mar  5 07:08:09 ldirectord[4242]: Deleted real server: 10.1.0.2:80 (10.1.0.1:80)");
        } finally {
            receiver.destroy();
        }
    }

    @Test
    void unreachableSyslogFallsBackToStandardError() {
        log("daemon", false, false).log("nobody listens");

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("nobody listens\n");
    }
}
