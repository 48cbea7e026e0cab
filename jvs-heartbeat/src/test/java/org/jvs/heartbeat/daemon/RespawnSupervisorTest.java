package org.jvs.heartbeat.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jvs.heartbeat.config.Respawn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RespawnSupervisorTest {
    private static final String ME = System.getProperty("user.name");

    private static long lines(Path f) throws Exception {
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    private static void awaitCount(Path f, long n) throws Exception {
        for (int i = 0; i < 500 && lines(f) < n; i++) {
            Thread.sleep(20);
        }
        // Give a wrongly restarted child time to show up before counting.
        Thread.sleep(300);
    }

    @Test
    void aChildThatKeepsDyingIsRestartedUntilItRespawnsTooFast(@TempDir Path dir) throws Exception {
        Path runs = dir.resolve("runs");
        try (RespawnSupervisor s = new RespawnSupervisor(List.of(new Respawn(ME, List.of("echo", "x", ">>",
                runs.toString()), false)), () -> { })) {
            s.startOnce();
            awaitCount(runs, 11);
            assertThat(lines(runs)).as("first start and ten quick restarts").isEqualTo(11);
        }
    }

    @Test
    void exitCodeHundredMeansDoNotRestart(@TempDir Path dir) throws Exception {
        Path runs = dir.resolve("runs");
        try (RespawnSupervisor s = new RespawnSupervisor(List.of(new Respawn(ME, List.of("sh", "-c",
                "'echo x >> " + runs + "; exit 100'"), false)), () -> { })) {
            s.startOnce();
            s.startOnce();
            awaitCount(runs, 1);
            assertThat(lines(runs)).isEqualTo(1);
        }
    }

    @Test
    void ipfailLinesAreHandledByTheBuiltInAndAFailfastDeathTriggersThePolicy(@TempDir Path dir) throws Exception {
        AtomicInteger reboots = new AtomicInteger();
        try (RespawnSupervisor s = new RespawnSupervisor(List.of(
                new Respawn("hacluster", List.of("/usr/lib/heartbeat/ipfail"), false),
                new Respawn(ME, List.of("exit", "3"), true)), reboots::incrementAndGet)) {
            s.startOnce();
            for (int i = 0; i < 250 && reboots.get() == 0; i++) {
                Thread.sleep(20);
            }
            assertThat(reboots.get()).isEqualTo(1);
        }
    }
}
