package org.jvs.ldirectord.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ldirectord.alert.EmailAlerts;
import org.jvs.ldirectord.alert.MonitorFile;
import org.jvs.ldirectord.alert.SmtpTransport;
import org.jvs.ldirectord.check.CheckResult;
import org.jvs.ldirectord.check.Checks;
import org.jvs.ldirectord.check.ProcessRunner;
import org.jvs.ldirectord.config.ConfigParser;
import org.jvs.ldirectord.config.DaemonStatus;
import org.jvs.ldirectord.config.LdirectordConfig;
import org.jvs.ldirectord.config.SystemNameResolver;
import org.jvs.ldirectord.table.LocalDirectorTable;
import org.jvs.ldirectord.table.TableService;
import org.jvs.ldirectord.testing.MutableClock;
import org.jvs.ldirectord.testing.RecordingLog;
import org.jvs.ldirectord.testing.Tables;

class ServiceManagerTest {
    static final String VIP = "172.25.254.100:80";

    @TempDir
    Path dir;
    VirtualServerTable kernel;
    LocalDirectorTable table;
    RecordingLog log;
    MutableClock clock;
    ServiceManager manager;

    @BeforeEach
    void setUp() {
        kernel = Tables.kernelLike();
        table = new LocalDirectorTable(kernel);
        log = new RecordingLog();
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        EmailAlerts mail = new EmailAlerts(new SmtpTransport(25), Executors.newSingleThreadExecutor(), log, clock,
                () -> DaemonStatus.RUNNING, "director1", "root");
        manager = new ServiceManager(table, log, mail, new MonitorFile(42, clock), new ProcessRunner(), Runnable::run,
                new Checks(new ProcessRunner(), false), clock);
    }

    LdirectordConfig config(String text) throws Exception {
        return new ConfigParser(SystemNameResolver.standard(), "director1", true).parse(dir.resolve("ld.cf"), text);
    }

    LdirectordConfig tutorial(String extraGlobal, String extraVirtual) throws Exception {
        return config(extraGlobal + """
                checktimeout=3
                checkinterval=1
                autoreload=yes
                virtual=172.25.254.100:80
                        real=172.25.254.2:80 gate
                        real=172.25.254.3:80 gate
                        fallback=127.0.0.1:80 gate
                        service=http
                        request=".healthcheck.html"
                        receive="OKAY"
                        scheduler=rr
                        protocol=tcp
                        checktype=negotiate
                """ + extraVirtual);
    }

    CheckGroup group(String realText) {
        return manager.groups().stream().filter(g -> g.real().text().equals(realText)).findFirst().orElseThrow();
    }

    List<String> tableReals() {
        TableService s = table.services().getFirst();
        return s.reals().stream().map(d -> d.address() + ":" + d.port() + " w" + d.weight()).sorted().toList();
    }

    @Test
    void emptyTableGetsTheServiceAndFallbackWhileRealsWaitForTheirFirstCheck() throws Exception {
        manager.start(tutorial("", ""), null);

        assertThat(log.drain()).containsExactly(
                "Added virtual server: " + VIP,
                "Added fallback server: 127.0.0.1:80 (" + VIP + ") (Weight set to 1)",
                "Added real server: 172.25.254.2:80 (" + VIP + ") (Weight set to 1)",
                "Deleted fallback server: 127.0.0.1:80 (" + VIP + ")",
                "Deleted real server: 172.25.254.2:80 (" + VIP + ")",
                "Added fallback server: 127.0.0.1:80 (" + VIP + ") (Weight set to 1)",
                "Added real server: 172.25.254.3:80 (" + VIP + ") (Weight set to 1)",
                "Deleted fallback server: 127.0.0.1:80 (" + VIP + ")",
                "Deleted real server: 172.25.254.3:80 (" + VIP + ")",
                "Added fallback server: 127.0.0.1:80 (" + VIP + ") (Weight set to 1)");
        assertThat(table.services()).hasSize(1);
        assertThat(table.services().getFirst().config().scheduler()).isEqualTo("rr");
        assertThat(tableReals()).containsExactly("127.0.0.1:80 w1");
    }

    @Test
    void firstPassingCheckAddsTheRealAndRemovesTheFallback() throws Exception {
        manager.start(tutorial("", ""), null);
        log.drain();

        manager.apply(group("172.25.254.2:80"), CheckResult.up("200 OK"));

        assertThat(log.drain()).containsExactly(
                "Resetting soft failure count: 172.25.254.2:80 (tcp:" + VIP + ")",
                "Added real server: 172.25.254.2:80 (" + VIP + ") (Weight set to 1)",
                "Deleted fallback server: 127.0.0.1:80 (" + VIP + ")");
        assertThat(tableReals()).containsExactly("172.25.254.2:80 w1");
    }

    @Test
    void failurecountConsecutiveFailuresTakeTheRealOutAndLastOneOutBringsTheFallback() throws Exception {
        manager.start(tutorial("failurecount=3\n", ""), null);
        manager.apply(group("172.25.254.2:80"), CheckResult.up("200 OK"));
        log.drain();

        manager.apply(group("172.25.254.2:80"), CheckResult.down("500 Internal Server Error"));
        manager.apply(group("172.25.254.2:80"), CheckResult.down("500 Internal Server Error"));
        assertThat(log.drain()).containsExactly(
                "Soft failure real server: 172.25.254.2:80 (tcp:" + VIP + ") failure 1/3",
                "Soft failure real server: 172.25.254.2:80 (tcp:" + VIP + ") failure 2/3");
        assertThat(tableReals()).containsExactly("172.25.254.2:80 w1");

        manager.apply(group("172.25.254.2:80"), CheckResult.down("500 Internal Server Error"));

        assertThat(log.drain()).containsExactly(
                "Deleted real server: 172.25.254.2:80 (" + VIP + ")",
                "Added fallback server: 127.0.0.1:80 (" + VIP + ") (Weight set to 1)");
        assertThat(tableReals()).containsExactly("127.0.0.1:80 w1");
    }

    @Test
    void oneSuccessResetsTheFailureCount() throws Exception {
        manager.start(tutorial("failurecount=2\n", ""), null);
        manager.apply(group("172.25.254.2:80"), CheckResult.up("200 OK"));
        manager.apply(group("172.25.254.2:80"), CheckResult.down("x"));
        log.drain();

        manager.apply(group("172.25.254.2:80"), CheckResult.up("200 OK"));
        manager.apply(group("172.25.254.2:80"), CheckResult.down("x"));

        assertThat(log.drain()).containsExactly(
                "Resetting soft failure count: 172.25.254.2:80 (tcp:" + VIP + ")",
                "Soft failure real server: 172.25.254.2:80 (tcp:" + VIP + ") failure 1/2");
        assertThat(tableReals()).containsExactly("172.25.254.2:80 w1");
    }

    @Test
    void quiescentSetsWeightZeroAndRestoreBringsTheConfiguredWeightBack() throws Exception {
        manager.start(config("""
                quiescent=yes
                virtual=10.1.0.1:80
                \treal=10.1.0.2:80 gate 5
                \treal=10.1.0.3:80 gate 2
                """), null);
        manager.apply(group("10.1.0.2:80"), CheckResult.up("200 OK"));
        manager.apply(group("10.1.0.3:80"), CheckResult.up("200 OK"));
        log.drain();

        manager.apply(group("10.1.0.2:80"), CheckResult.down("timed out"));
        assertThat(log.drain()).containsExactly("Quiescent real server: 10.1.0.2:80 (10.1.0.1:80) (Weight set to 0)");
        assertThat(tableReals()).containsExactly("10.1.0.2:80 w0", "10.1.0.3:80 w2");

        manager.apply(group("10.1.0.2:80"), CheckResult.up("200 OK"));
        assertThat(log.drain()).containsExactly(
                "Resetting soft failure count: 10.1.0.2:80 (tcp:10.1.0.1:80)",
                "Restored real server: 10.1.0.2:80 (10.1.0.1:80) (Weight set to 5)");
        assertThat(tableReals()).containsExactly("10.1.0.2:80 w5", "10.1.0.3:80 w2");
    }

    @Test
    void startTakesTheTablesWeightsAsTheInitialStateAndPurgesUntrackedReals() throws Exception {
        LdirectordConfig c = config("virtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\n\treal=10.1.0.3:80 gate\n");
        table.addService(c.virtuals().getFirst().serviceConfig());
        var key = c.virtuals().getFirst().serviceKey();
        table.addReal(key, dest("10.1.0.2", 1));
        table.addReal(key, dest("10.1.0.3", 0));
        table.addReal(key, dest("10.1.0.9", 1));

        manager.start(c, null);

        assertThat(log.drain()).containsExactly(
                "Changed virtual server: 10.1.0.1:80",
                "Purged real server (start): 10.1.0.9:80 (10.1.0.1:80)",
                "Restored real server: 10.1.0.3:80 (10.1.0.1:80) (Weight set to 1)",
                "Deleted real server: 10.1.0.3:80 (10.1.0.1:80)");
        assertThat(tableReals()).containsExactly("10.1.0.2:80 w1");
        assertThat(manager.isUp(c.virtuals().getFirst(), c.virtuals().getFirst().reals().getFirst())).isTrue();
    }

    @Test
    void readdquiescentReaddsADeletedQuiescentServerWithWeightZero() throws Exception {
        manager.start(config("quiescent=yes\nreaddquiescent=yes\nvirtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\n"), null);

        assertThat(log.drain()).contains("Readd Quiescent real server: 10.1.0.2:80 (10.1.0.1:80) (Weight set to 0)");
        assertThat(tableReals()).containsExactly("10.1.0.2:80 w0");
    }

    @Test
    void fallbackCommandRunsStartWhenAllAreDownAndStopWhenOneReturns() throws Exception {
        Path out = dir.resolve("fallback.log");
        Path script = dir.resolve("sorry.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + out + "\n");
        script.toFile().setExecutable(true);
        manager.start(config("fallbackcommand=" + script + "\nvirtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\n"), null);
        manager.apply(group("10.1.0.2:80"), CheckResult.up("ok"));
        manager.apply(group("10.1.0.2:80"), CheckResult.down("no"));

        assertThat(Files.readAllLines(out)).containsExactly(
                "start 10.1.0.1:80 tcp", "stop 10.1.0.1:80 tcp", "start 10.1.0.1:80 tcp", "stop 10.1.0.1:80 tcp",
                "start 10.1.0.1:80 tcp");
    }

    @Test
    void sharedRealServerIsOneCheckAppliedToEveryVirtual() throws Exception {
        manager.start(config("""
                virtual=10.1.0.1:80
                \treal=10.1.0.2:80 gate
                virtual=10.1.0.5:80
                \treal=10.1.0.2:80 gate
                """), null);
        log.drain();

        assertThat(manager.groups()).hasSize(1);
        manager.apply(manager.groups().getFirst(), CheckResult.up("ok"));

        assertThat(log.drain()).containsExactly(
                "Resetting soft failure count: 10.1.0.2:80 (tcp:10.1.0.1:80)",
                "Added real server: 10.1.0.2:80 (10.1.0.1:80) (Weight set to 1)",
                "Added real server: 10.1.0.2:80 (10.1.0.5:80) (Weight set to 1)");
    }

    @Test
    void cleanstopDeletesServicesAndCleanstopNoLeavesThem() throws Exception {
        manager.start(config("""
                virtual=10.1.0.1:80
                \treal=10.1.0.2:80 gate
                virtual=10.1.0.5:80
                \tcleanstop=no
                \treal=10.1.0.6:80 gate
                """), null);
        manager.groups().forEach(g -> manager.apply(g, CheckResult.up("ok")));
        log.drain();

        manager.stop();

        assertThat(log.drain()).containsExactly(
                "Purged real server (stop): 10.1.0.2:80 (10.1.0.1:80)",
                "Purged virtual server (stop): 10.1.0.1:80");
        assertThat(table.services()).extracting(s -> s.config().key().address().toString()).containsExactly("10.1.0.5");
    }

    @Test
    void reloadPurgesVirtualsThatLeftTheConfiguration() throws Exception {
        LdirectordConfig first = config("virtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\nvirtual=10.1.0.5:80\n\treal=10.1.0.6:80 gate\n");
        manager.start(first, null);
        log.drain();

        manager.start(config("virtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\n"), first);

        assertThat(log.drain()).contains("Purged virtual server (start): 10.1.0.5:80");
        assertThat(table.services()).hasSize(1);
    }

    @Test
    void restartedDirectorGetsTheCheckersViewBack() throws Exception {
        manager.start(tutorial("", ""), null);
        manager.apply(group("172.25.254.2:80"), CheckResult.up("ok"));
        kernel.flush();
        log.drain();

        manager.reconcile();

        assertThat(log.drain()).containsExactly(
                "Added virtual server: " + VIP,
                "Added real server: 172.25.254.2:80 (" + VIP + ") (Weight set to 1)");
        assertThat(tableReals()).containsExactly("172.25.254.2:80 w1");
    }

    @Test
    void maintenanceForcesDownAndRecordsTheReason() throws Exception {
        Path monitor = dir.resolve("monitor.log");
        manager.start(config("virtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\n\tmonitorfile=" + monitor + "\n"), null);
        manager.apply(group("10.1.0.2:80"), CheckResult.up("200 OK"));

        manager.maintenance(group("10.1.0.2:80"));

        assertThat(tableReals()).isEmpty();
        assertThat(Files.readAllLines(monitor)).containsExactly(
                "[Thu Jan  1 00:00:00 2026] [42] negotiate http tcp 10.1.0.2 80 1 gate /  [up] 200 OK",
                "[Thu Jan  1 00:00:00 2026] [42] negotiate http tcp 10.1.0.2 80 1 gate /  [down] Server in maintenance");
    }

    @Test
    void checktypeOnLeavesNoMonitorLine() throws Exception {
        Path monitor = dir.resolve("monitor.log");
        manager.start(config("virtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\n\tchecktype=on\n\tmonitorfile=" + monitor + "\n"), null);

        manager.apply(group("10.1.0.2:80"), CheckResult.unmonitored(true));

        assertThat(tableReals()).containsExactly("10.1.0.2:80 w1");
        assertThat(Files.exists(monitor)).isFalse();
    }

    static DestConfig dest(String ip, int weight) {
        return new DestConfig(IpAddress.parseNumeric(ip), 80, ForwardingMethod.ROUTE, weight, 0, 0, null);
    }
}
