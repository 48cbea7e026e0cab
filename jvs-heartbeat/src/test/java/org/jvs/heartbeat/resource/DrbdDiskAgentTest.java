package org.jvs.heartbeat.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** drbd-utils' drbddisk rules over a scripted drbdadm: tries, pauses, and the status texts. */
class DrbdDiskAgentTest {
    private final List<String> calls = new ArrayList<>();
    private final List<Long> pauses = new ArrayList<>();

    /** A drbdadm that fails {@code failures} times, then succeeds; {@code role} answers "role". */
    private DrbdDiskAgent agent(List<String> args, int failures, String role) {
        int[] left = {failures};
        return new DrbdDiskAgent(args, a -> {
            calls.add(String.join(" ", a));
            if (a.get(0).equals("role")) {
                return new CommandRunner.Result(0, role + "\n", "");
            }
            return left[0]-- > 0 ? new CommandRunner.Result(11, "", "State change failed\n")
                    : new CommandRunner.Result(0, "", "");
        }, pauses::add);
    }

    @Test
    void startTriesPrimarySixTimesASecondApart() {
        assertThat(agent(List.of("demo"), 5, "Secondary").start().exitCode()).isZero();
        assertThat(calls).containsExactly("primary demo", "primary demo", "primary demo", "primary demo",
                "primary demo", "primary demo");
        assertThat(pauses).containsExactly(1000L, 1000L, 1000L, 1000L, 1000L);
    }

    @Test
    void startFailsWithGenericErrorAfterSixFailures() {
        CommandRunner.Result r = agent(List.of("demo"), 6, "Secondary").start();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(calls).hasSize(6);
        assertThat(r.stderr()).contains("State change failed");
    }

    @Test
    void stopTriesSecondaryThreeTimes() {
        assertThat(agent(List.of("demo"), 3, "Primary").stop().exitCode()).isEqualTo(1);
        assertThat(calls).containsExactly("secondary demo", "secondary demo", "secondary demo");
        assertThat(pauses).hasSize(2);
    }

    @Test
    void withoutAResourceItActsOnAll() {
        DrbdDiskAgent all = agent(List.of(), 0, "Primary");
        all.start();
        assertThat(calls).containsExactly("primary all");
        assertThat(all.status()).isEqualTo("A resource name is required for status inquiries.");
        assertThat(all.running()).isFalse();
    }

    @Test
    void statusPrintsTheScriptsTextsFromTheLocalRole() {
        assertThat(agent(List.of("demo"), 0, "Primary/Secondary").status()).isEqualTo("running (Primary)");
        assertThat(agent(List.of("demo"), 0, "Primary").running()).isTrue();
        assertThat(agent(List.of("demo"), 0, "Secondary/Primary").status()).isEqualTo("stopped (Secondary)");
        assertThat(agent(List.of("demo"), 0, "Unconfigured").status()).isEqualTo("stopped (Unconfigured)");
        assertThat(agent(List.of("demo"), 0, "Secondary").running()).isFalse();
        // "cannot ... running" reads as not running in heartbeat, whatever the script meant.
        assertThat(agent(List.of("demo"), 0, "Unknown").status())
                .isEqualTo("cannot determine status, may be running (Unknown)");
        assertThat(agent(List.of("demo"), 0, "Unknown").running()).isFalse();
    }
}
