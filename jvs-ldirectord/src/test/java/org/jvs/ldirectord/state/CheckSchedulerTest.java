package org.jvs.ldirectord.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.ldirectord.alert.EmailAlerts;
import org.jvs.ldirectord.alert.MonitorFile;
import org.jvs.ldirectord.alert.SmtpTransport;
import org.jvs.ldirectord.check.Checks;
import org.jvs.ldirectord.check.ProcessRunner;
import org.jvs.ldirectord.config.ConfigParser;
import org.jvs.ldirectord.config.DaemonStatus;
import org.jvs.ldirectord.config.LdirectordConfig;
import org.jvs.ldirectord.config.SystemNameResolver;
import org.jvs.ldirectord.table.LocalDirectorTable;
import org.jvs.ldirectord.testing.MutableClock;
import org.jvs.ldirectord.testing.RecordingLog;
import org.jvs.ldirectord.testing.Tables;

class CheckSchedulerTest {
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    AtomicInteger earlier = new AtomicInteger();
    ServiceManager manager;
    CheckScheduler scheduler;

    @BeforeEach
    void setUp() {
        RecordingLog log = new RecordingLog();
        EmailAlerts mail = new EmailAlerts(new SmtpTransport(25), Executors.newSingleThreadExecutor(), log, clock,
                () -> DaemonStatus.RUNNING, "director1", "root");
        manager = new ServiceManager(new LocalDirectorTable(Tables.kernelLike()), log, mail, new MonitorFile(1, clock),
                new ProcessRunner(), Runnable::run, new Checks(new ProcessRunner(), false), clock);
        scheduler = new CheckScheduler(manager, new Maintenance(null, SystemNameResolver.standard()), clock,
                earlier::incrementAndGet);
    }

    @AfterEach
    void tearDown() {
        scheduler.close();
    }

    /** checktype=on: checks that end at once, at the fake clock's time. */
    LdirectordConfig config(String vip, int interval, int reals) throws Exception {
        StringBuilder cf = new StringBuilder("checkinterval=" + interval + "\nvirtual=" + vip + ":80\n");
        for (int i = 1; i <= reals; i++) {
            cf.append("\treal=10.9.0.").append(i).append(":80 gate\n");
        }
        cf.append("\tchecktype=on\n");
        return new ConfigParser(SystemNameResolver.standard(), "director1", true).parse(dir.resolve("ld.cf"), cf.toString());
    }

    static int finish(List<Future<?>> round) throws Exception {
        for (Future<?> f : round) {
            f.get();
        }
        return round.size();
    }

    @Test
    void aCheckIsDueOneIntervalAfterItsRunEnded() throws Exception {
        manager.start(config("10.1.0.1", 5, 1), null);
        Instant start = clock.instant();

        int first = finish(scheduler.runDue());
        clock.advance(Duration.ofMillis(4999));
        int early = finish(scheduler.runDue());
        clock.advance(Duration.ofMillis(1));
        int due = finish(scheduler.runDue());

        assertThat(List.of(first, early, due)).containsExactly(1, 0, 1);
        assertThat(scheduler.nextDue()).contains(start.plusSeconds(10));
        assertThat(earlier.get()).isEqualTo(2);
    }

    @Test
    void afterTheFullPassTheNextRunsAreSpreadOverOneInterval() throws Exception {
        manager.start(config("10.1.0.1", 4, 4), null);
        Instant start = clock.instant();

        scheduler.runAllAndWait();
        List<Integer> perSecond = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            perSecond.add(finish(scheduler.runDue()));
            clock.advance(Duration.ofSeconds(1));
        }

        // Due at +4, +5, +6, +7 s instead of all four at +4 s.
        assertThat(perSecond).containsExactly(0, 0, 0, 0, 1, 1, 1, 1);
        assertThat(scheduler.nextDue()).contains(start.plusSeconds(8));
    }

    @Test
    void aNewConfigurationReplacesTheChecksOfTheOldOne() throws Exception {
        manager.start(config("10.1.0.1", 1, 3), null);
        finish(scheduler.runDue());
        LdirectordConfig next = config("10.2.0.1", 1, 2);

        manager.start(next, null);
        int startedNow = finish(scheduler.runDue());
        clock.advance(Duration.ofSeconds(1));
        int startedNext = finish(scheduler.runDue());

        assertThat(startedNow).isEqualTo(2);
        assertThat(startedNext).isEqualTo(2);
        assertThat(scheduler.runDue()).isEmpty();
    }
}
