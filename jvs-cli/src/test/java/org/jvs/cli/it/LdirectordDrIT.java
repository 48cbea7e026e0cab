package org.jvs.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jvs.cli.it.LdirectordProcess.Kind;
import org.jvs.lab.NetLab;
import org.jvs.lab.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jvs ldirectord -d ldirectord.cf start} keeping the tutorial's LVS-DR cluster true: real
 * python web servers fail and come back, their health page changes, the configuration is edited,
 * and the table of the real {@code jvs director} follows, as does the traffic of a real curl client.
 * Waits are bounded polls of {@code ipvsadm -Ln}; no test asserts a duration.
 */
@Tag("netns")
class LdirectordDrIT {
    private static final String RS1 = "172.25.254.2";
    private static final String RS2 = "172.25.254.3";
    @TempDir
    static Path work;
    private static LdirectordLab lab;
    private LdirectordProcess ld;

    @BeforeAll
    static void buildTheTutorialCluster() throws Exception {
        assumeTrue(NetLab.available(), "skipped: the ldirectord tests build network namespaces and need root");
        lab = LdirectordLab.build("jvsld", work);
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void bothRealServersHealthyAndAnEmptyTable() throws Exception {
        lab.reset();
    }

    @AfterEach
    void stopLdirectord() throws Exception {
        if (ld != null && ld.alive()) {
            ld.stop();
        }
    }

    @Test
    void stoppedRealServerIsDeletedAndGetsNoMoreRequests() throws Exception {
        ld = start(LdirectordLab.TUTORIAL_CF);
        bothUp();

        lab.rs1().stop();

        String table = lab.awaitTable(RS1 + " deleted", t -> !LdirectordLab.lists(t, RS1), ld);
        assertThat(table).contains(LdirectordLab.realLine(RS2, "Route", 1)).doesNotContain("127.0.0.1");
        assertThat(lab.requestsThroughVip(6)).containsOnly("rs2");
        assertThat(ld.log()).contains("Deleted real server: 172.25.254.2:80 (172.25.254.100:80)");
    }

    @Test
    void quiescentRealServerStaysWithWeightZeroAndGetsNoNewRequests() throws Exception {
        ld = start(LdirectordLab.TUTORIAL_CF.replace("quiescent=no", "quiescent=yes"));
        bothUp();

        lab.rs1().stop();

        lab.awaitTable(RS1 + " at weight 0", t -> t.contains(LdirectordLab.realLine(RS1, "Route", 0)), ld);
        assertThat(lab.requestsThroughVip(6)).containsOnly("rs2");
        assertThat(ld.log()).contains("Quiescent real server: 172.25.254.2:80 (172.25.254.100:80) (Weight set to 0)");
    }

    @Test
    void allRealServersDownBringsInTheFallbackAndTheFirstOneBackTakesItOut() throws Exception {
        ld = start(LdirectordLab.TUTORIAL_CF);
        bothUp();

        lab.rs1().stop();
        lab.rs2().stop();
        String down = lab.awaitTable("only the fallback", t -> !LdirectordLab.lists(t, RS1) && !LdirectordLab.lists(t, RS2)
                && t.contains(LdirectordLab.realLine("127.0.0.1", "Route", 1)), ld);
        List<String> fallbackAnswers = lab.requestsThroughVip(3);
        lab.rs2().start();
        String back = lab.awaitTable(RS2 + " back, fallback gone", t -> LdirectordLab.lists(t, RS2)
                && !t.contains("127.0.0.1"), ld);

        assertThat(down.lines().filter(l -> l.startsWith("  -> ")).toList()).hasSize(2); // header + fallback
        // The director's own web server answers through the VIP while only the fallback is left.
        assertThat(fallbackAnswers).containsOnly("director");
        assertThat(back).contains(LdirectordLab.realLine(RS2, "Route", 1)).doesNotContain(RS1 + ":80");
        assertThat(lab.requestsThroughVip(4)).containsOnly("rs2");
        assertThat(ld.log()).contains("Added fallback server: 127.0.0.1:80 (172.25.254.100:80) (Weight set to 1)",
                "Deleted fallback server: 127.0.0.1:80 (172.25.254.100:80)");
    }

    @Test
    void healthPageWithoutTheReceiveStringTakesTheServerOutWhileItStillRuns() throws Exception {
        ld = start(LdirectordLab.TUTORIAL_CF);
        bothUp();

        lab.rs1().healthPage("maintenance\n");
        lab.awaitTable(RS1 + " deleted", t -> !LdirectordLab.lists(t, RS1), ld);
        long before = lab.rs1().requestsFrom(LdirectordLab.CLIENT);
        List<String> answers = lab.requestsThroughVip(6);
        long after = lab.rs1().requestsFrom(LdirectordLab.CLIENT);
        lab.rs1().healthPage("OKAY\n");
        lab.awaitTable(RS1 + " restored", t -> t.contains(LdirectordLab.realLine(RS1, "Route", 1)), ld);

        assertThat(answers).containsOnly("rs2");
        assertThat(after).isEqualTo(before);
        assertThat(lab.requestsThroughVip(4)).containsExactlyInAnyOrder("rs1", "rs1", "rs2", "rs2");
    }

    @Test
    void editedConfigurationIsAppliedWithAutoreload() throws Exception {
        ld = start(LdirectordLab.TUTORIAL_CF);
        bothUp();

        Files.writeString(configFile(), LdirectordLab.TUTORIAL_CF.replace("scheduler=rr", "scheduler=wrr")
                .replace("real=172.25.254.3:80 gate", "real=172.25.254.3:80 gate 3"));

        String table = lab.awaitTable("wrr with weight 3", t -> t.contains(" wrr")
                && t.contains(LdirectordLab.realLine(RS2, "Route", 3)), ld);
        assertThat(table).contains(LdirectordLab.realLine(RS1, "Route", 1));
        assertThat(ld.log()).contains("has changed on disk", " - reread new configuration",
                "Changed virtual server: 172.25.254.100:80");
    }

    @Test
    void reloadCommandAndSighupRereadTheConfigurationWithoutAutoreload() throws Exception {
        String cf = LdirectordLab.TUTORIAL_CF.replace("autoreload=yes", "autoreload=no");
        ld = start(cf);
        bothUp();

        Files.writeString(configFile(), cf.replace("scheduler=rr", "scheduler=lc"));
        ld.awaitLog(" - ignore new configuration");
        String ignored = lab.table();
        Shell.Result reload = reloadCommand();
        String reloaded = lab.awaitTable("lc after reload", t -> t.contains(" lc"), ld);
        Files.writeString(configFile(), cf.replace("scheduler=rr", "scheduler=sh"));
        ld.hangUp();
        String hungUp = lab.awaitTable("sh after SIGHUP", t -> t.contains(" sh"), ld);

        assertThat(ignored).contains(" rr");
        assertThat(ld.log()).contains(" - ignore new configuration", "Reloading Linux Director Daemon config on signal");
        assertThat(reload.exitCode()).isZero();
        assertThat(reloaded).contains(LdirectordLab.realLine(RS1, "Route", 1), LdirectordLab.realLine(RS2, "Route", 1));
        assertThat(hungUp).contains(LdirectordLab.realLine(RS1, "Route", 1), LdirectordLab.realLine(RS2, "Route", 1));
    }

    @Test
    void maintenanceFileTakesTheServerOutUntilItIsRemoved() throws Exception {
        Path maintenance = Files.createDirectories(work.resolve("maintenance"));
        ld = start("maintenancedir=" + maintenance + "\n" + LdirectordLab.TUTORIAL_CF);
        bothUp();

        Path file = Files.writeString(maintenance.resolve(RS1 + ":80"), "");
        lab.awaitTable(RS1 + " in maintenance", t -> !LdirectordLab.lists(t, RS1), ld);
        List<String> answers = lab.requestsThroughVip(4);
        Files.delete(file);
        lab.awaitTable(RS1 + " back", t -> t.contains(LdirectordLab.realLine(RS1, "Route", 1)), ld);

        assertThat(answers).containsOnly("rs2");
    }

    @Test
    void externalCheckGetsLdirectordsArgumentsAndItsExitStatusDecides() throws Exception {
        Path calls = work.resolve("external-calls");
        Path check = work.resolve("check-real.sh");
        Files.writeString(check, """
                #!/bin/sh
                echo "$@" >> %s
                [ ! -e %s/down-$3 ] && curl -sf -m 2 "http://$3:$4/.healthcheck.html" | grep -q OKAY
                """.formatted(calls, work));
        check.toFile().setExecutable(true);
        ld = start(LdirectordLab.TUTORIAL_CF.replace("checktype=negotiate", "checktype=external\n        checkcommand=" + check));
        bothUp();

        Path down = Files.writeString(work.resolve("down-" + RS2), "");
        lab.awaitTable(RS2 + " failed its external check", t -> !LdirectordLab.lists(t, RS2), ld);
        Files.delete(down);
        lab.awaitTable(RS2 + " passed again", t -> t.contains(LdirectordLab.realLine(RS2, "Route", 1)), ld);

        assertThat(Files.readAllLines(calls)).contains("172.25.254.100 80 172.25.254.2 80", "172.25.254.100 80 172.25.254.3 80");
    }

    @Test
    void sigtermDeletesTheVirtualServiceCleanly() throws Exception {
        ld = start(LdirectordLab.TUTORIAL_CF);
        bothUp();

        long start = System.nanoTime();
        int status = ld.stop();
        long stopMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(lab.table()).doesNotContain("172.25.254.100");
        // Far from a timing test: a stop that waits out the shutdown hook's 15 s limit is a bug.
        assertThat(stopMillis).isLessThan(10_000);
        assertThat(ld.log()).contains("Purged virtual server (stop): 172.25.254.100:80");
        assertThat(status).isIn(0, 143);
    }

    private LdirectordProcess start(String config) throws Exception {
        return lab.startLdirectord(Kind.JVS, lab.writeConfig("ldirectord.cf", config));
    }

    private static Path configFile() {
        return work.resolve("ldirectord.cf");
    }

    private Shell.Result reloadCommand() throws Exception {
        return Shell.tryRun(List.of("env", "JVS_RUN_DIR=" + lab.director().runDir(), DirectorHost.JVS.toString(),
                "ldirectord", configFile().toString(), "reload"));
    }

    private void bothUp() throws Exception {
        lab.awaitTable("both real servers up", t -> t.contains(LdirectordLab.realLine(RS1, "Route", 1))
                && t.contains(LdirectordLab.realLine(RS2, "Route", 1)), ld);
    }
}
