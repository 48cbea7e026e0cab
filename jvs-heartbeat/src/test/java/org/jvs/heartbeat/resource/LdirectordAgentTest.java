package org.jvs.heartbeat.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in {@code ldirectord::CONFIG} resource starts jvs's ldirectord as a process of its own,
 * sees it running through ldirectord's status, and stops it — as heartbeat uses the ldirectord
 * package's resource script. No director runs here: ldirectord waits for one, which is enough.
 */
class LdirectordAgentTest {
    @TempDir
    Path dir;

    @Test
    void startRunsLdirectordUntilStopAndStatusFollowsIt() throws Exception {
        Path cf = Files.writeString(dir.resolve("ldirectord.cf"), """
                checktimeout=1
                checkinterval=1
                quiescent=no
                virtual=127.0.0.1:8081
                \treal=127.0.0.2:8081 gate
                \tchecktype=off
                """);
        Path run = Files.createDirectories(dir.resolve("run"));
        CommandRunner runner = new CommandRunner(Map.of("JVS_RUN_DIR", run.toString()));
        LdirectordAgent agent = new LdirectordAgent(List.of(cf.toString()), runner, run, ms -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(agent.running()).isFalse();
            assertThat(agent.start().exitCode()).as(() -> log(run)).isZero();
            assertThat(agent.running()).isTrue();
            assertThat(agent.start().exitCode()).as("a second start is a no-op").isZero();
        } finally {
            assertThat(agent.stop().exitCode()).isZero();
        }
        assertThat(agent.running()).isFalse();
        assertThat(agent.describe()).isEqualTo("ldirectord " + cf);
    }

    private static String log(Path run) {
        try (var files = Files.list(run)) {
            return files.map(p -> p + ":\n" + read(p)).reduce("", String::concat);
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static String read(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p) : "";
        } catch (Exception e) {
            return e.toString();
        }
    }
}
