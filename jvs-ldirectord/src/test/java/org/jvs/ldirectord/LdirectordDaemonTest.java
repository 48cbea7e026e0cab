package org.jvs.ldirectord;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.jvs.ldirectord.config.LdirectordConfig;
import org.jvs.ldirectord.config.SystemNameResolver;
import org.jvs.ldirectord.state.CheckScheduler;
import org.jvs.ldirectord.state.Maintenance;
import org.jvs.ldirectord.state.ServiceManager;
import org.jvs.ldirectord.table.LocalDirectorTable;
import org.jvs.ldirectord.table.TableService;
import org.jvs.ldirectord.testing.MutableClock;
import org.jvs.ldirectord.testing.RecordingLog;
import org.jvs.ldirectord.testing.Tables;
import org.jvs.ldirectord.testing.TcpResponder;

class LdirectordDaemonTest {
    @TempDir
    Path dir;
    Path file;
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    RecordingLog log = new RecordingLog();
    LocalDirectorTable table = new LocalDirectorTable(Tables.kernelLike());
    ServiceManager manager;
    CheckScheduler scheduler;
    LdirectordDaemon daemon;

    @BeforeEach
    void setUp() {
        file = dir.resolve("ldirectord.cf");
    }

    @AfterEach
    void tearDown() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    LdirectordDaemon daemon(String text) throws Exception {
        Files.writeString(file, text);
        ConfigParser parser = new ConfigParser(SystemNameResolver.standard(), "director1", true);
        LdirectordConfig config = parser.parse(file);
        ProcessRunner runner = new ProcessRunner();
        LdirectordDaemon[] self = new LdirectordDaemon[1];
        EmailAlerts mail = new EmailAlerts(new SmtpTransport(25), Executors.newSingleThreadExecutor(), log, clock,
                () -> self[0].status(), "director1", "root");
        manager = new ServiceManager(table, log, mail, new MonitorFile(1, clock), runner, Runnable::run,
                new Checks(runner, false), clock);
        scheduler = new CheckScheduler(manager, new Maintenance(null, SystemNameResolver.standard()), clock, () -> { });
        self[0] = new LdirectordDaemon(config, parser, manager, scheduler, mail, log, clock, SystemNameResolver.standard(), runner);
        return self[0];
    }

    List<String> reals(String vip) {
        return table.services().stream().filter(s -> s.config().key().address().toString().equals(vip))
                .flatMap(s -> s.reals().stream()).map(d -> d.address() + ":" + d.port() + " w" + d.weight()).sorted().toList();
    }

    @Test
    void identicalChecksOfSeveralVirtualsRunOncePerRound() throws Exception {
        Path calls = dir.resolve("calls");
        Path check = dir.resolve("check.sh");
        Files.writeString(check, "#!/bin/sh\necho \"$@\" >> " + calls + "\nexit 0\n");
        check.toFile().setExecutable(true);
        daemon = daemon("""
                checktimeout=2
                virtual=10.1.0.1:80
                \treal=10.1.0.2:80 gate
                \tchecktype=external
                \tcheckcommand=%s
                virtual=10.1.0.5:80
                \treal=10.1.0.2:80 gate
                \tchecktype=external
                \tcheckcommand=%s
                """.formatted(check, check));

        daemon.start();

        assertThat(Files.readAllLines(calls)).hasSize(1);
        assertThat(reals("10.1.0.1")).containsExactly("10.1.0.2:80 w1");
        assertThat(reals("10.1.0.5")).containsExactly("10.1.0.2:80 w1");
    }

    @Test
    void aHungRealServerDoesNotHoldUpTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer good = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        good.createContext("/", x -> {
            x.sendResponseHeaders(200, 2);
            x.getResponseBody().write("ok".getBytes());
            x.close();
        });
        good.start();
        try (TcpResponder hung = new TcpResponder(p -> release.await())) {
            daemon = daemon("""
                    negotiatetimeout=30
                    virtual=10.1.0.1:80
                    \treal=127.0.0.1:%d masq
                    \treal=127.0.0.1:%d masq
                    \tservice=http
                    """.formatted(hung.port(), good.getAddress().getPort()));
            manager.start(daemon.config(), null);

            List<Future<?>> round = scheduler.runDue();
            for (int i = 0; i < 200 && !reals("10.1.0.1").contains("127.0.0.1:" + good.getAddress().getPort() + " w1"); i++) {
                Thread.sleep(25);
            }

            assertThat(reals("10.1.0.1")).containsExactly("127.0.0.1:" + good.getAddress().getPort() + " w1");
            assertThat(round).hasSize(2).anyMatch(f -> !f.isDone());
            release.countDown();
        } finally {
            good.stop(0);
        }
    }

    @Test
    void autoreloadPicksUpAChangedFile() throws Exception {
        daemon = daemon("autoreload=yes\ncheckinterval=5\nvirtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\n\tchecktype=on\n");
        daemon.start();
        log.drain();

        Files.writeString(file, "autoreload=yes\ncheckinterval=5\nvirtual=10.1.0.7:80\n\treal=10.1.0.8:80 gate\n\tchecktype=on\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        clock.advance(Duration.ofSeconds(2));
        daemon.step();

        assertThat(log.lines()).startsWith("Configuration file '" + file + "' has changed on disk", " - reread new configuration");
        assertThat(table.services()).extracting(s -> s.config().key().address().toString()).containsExactly("10.1.0.7");
        assertThat(reals("10.1.0.7")).containsExactly("10.1.0.8:80 w1");
    }

    @Test
    void touchingTheFileWithoutChangingItIsNoReload() throws Exception {
        daemon = daemon("autoreload=yes\nvirtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\n\tchecktype=on\n");
        daemon.start();
        log.drain();

        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        clock.advance(Duration.ofSeconds(2));
        daemon.step();

        assertThat(log.lines()).isEmpty();
    }

    @Test
    void aBrokenFileOnReloadKeepsTheRunningConfiguration() throws Exception {
        daemon = daemon("autoreload=no\nvirtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\n\tchecktype=on\n");
        daemon.start();
        LdirectordConfig running = daemon.config();
        log.drain();
        Files.writeString(file, "virtual=10.1.0.1:80\n\tfrobnicate=yes\n");

        daemon.requestReload();
        clock.advance(Duration.ofSeconds(2));
        daemon.step();

        assertThat(log.lines()).contains("Reloading Linux Director Daemon config on signal",
                "Error: " + file + ":2: Unknown command \"\tfrobnicate=yes\" (keeping the running configuration)");
        assertThat(daemon.config()).isSameAs(running);
        assertThat(reals("10.1.0.1")).containsExactly("10.1.0.2:80 w1");
    }

    @Test
    void stoppingTheLoopAppliesCleanstop() throws Exception {
        daemon = daemon("virtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\n\tchecktype=on\n");
        daemon.start();
        Thread loop = Thread.ofVirtual().start(() -> {
            try {
                daemon.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        daemon.requestStop();
        loop.join();

        List<TableService> left = table.services();
        assertThat(left).isEmpty();
        assertThat(log.lines()).contains("Purged virtual server (stop): 10.1.0.1:80");
    }
}
