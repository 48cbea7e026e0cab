package org.jvs.ldirectord.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvs.ldirectord.config.ConfigParser;
import org.jvs.ldirectord.config.DaemonStatus;
import org.jvs.ldirectord.config.SystemNameResolver;
import org.jvs.ldirectord.config.VirtualServiceConfig;
import org.jvs.ldirectord.testing.MutableClock;
import org.jvs.ldirectord.testing.RecordingLog;
import org.jvs.ldirectord.testing.TcpResponder;

class EmailAlertsTest {
    /** One SMTP session as the sink saw it: envelope and data. */
    record Mail(String from, List<String> to, String data) {
    }

    final List<Mail> received = new CopyOnWriteArrayList<>();
    TcpResponder sink;
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    RecordingLog log = new RecordingLog();
    volatile DaemonStatus status = DaemonStatus.RUNNING;
    EmailAlerts alerts;

    /** Runs deliveries on the caller's thread, so a test sees the mail once alert() returns. */
    static final class Inline extends AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        sink = new TcpResponder(p -> {
            p.write("220 sink ESMTP\r\n");
            String from = null;
            List<String> to = new java.util.ArrayList<>();
            for (String line = p.readLine(); line != null; line = p.readLine()) {
                if (line.startsWith("EHLO")) {
                    p.write("250-sink\r\n250 OK\r\n");
                } else if (line.startsWith("MAIL FROM:")) {
                    from = line.substring(10);
                    p.write("250 OK\r\n");
                } else if (line.startsWith("RCPT TO:")) {
                    to.add(line.substring(8));
                    p.write("250 OK\r\n");
                } else if (line.equals("DATA")) {
                    p.write("354 go on\r\n");
                    StringBuilder data = new StringBuilder();
                    for (String d = p.readLine(); d != null && !d.equals("."); d = p.readLine()) {
                        data.append(d).append('\n');
                    }
                    received.add(new Mail(from, List.copyOf(to), data.toString()));
                    p.write("250 queued\r\n");
                } else if (line.equals("QUIT")) {
                    p.write("221 bye\r\n");
                    return;
                }
            }
        });
        alerts = new EmailAlerts(new SmtpTransport(sink.port()), new Inline(), log, clock, () -> status, "director1", "root");
    }

    @AfterEach
    void tearDown() throws Exception {
        sink.close();
    }

    VirtualServiceConfig virtual(String lines) throws Exception {
        return new ConfigParser(SystemNameResolver.standard(), "director1", true).parse(Path.of("mail.cf"),
                "virtual=10.1.0.1:80\n\treal=10.1.0.2:80 gate\n\tsmtp=127.0.0.1\n" + lines).virtuals().getFirst();
    }

    @Test
    void alertIsMailedThroughTheSmtpRelayInLdirectordsFormat() throws Exception {
        VirtualServiceConfig v = virtual("\temailalert=\"ops@example.org, dev@example.org\"\n\tservicename=Web Site\n\tcomment=front end\n");

        alerts.alert("Deleted real server: 10.1.0.2:80 (10.1.0.1:80)", v, "10.1.0.2:80", 0);

        assertThat(received).hasSize(1);
        Mail m = received.getFirst();
        assertThat(m.from()).isEqualTo("<root@director1>");
        assertThat(m.to()).containsExactly("<ops@example.org>", "<dev@example.org>");
        assertThat(m.data()).isEqualTo("""
                From: root@director1
                To: ops@example.org, dev@example.org
                Subject: [Web Site] Deleted real server: 10.1.0.2:80 (10.1.0.1:80)

                ldirectord host: director1
                Log-Message: [Web Site] Deleted real server: 10.1.0.2:80 (10.1.0.1:80)
                Daemon-Status: running

                Service name: Web Site
                Comment: front end

                """);
        assertThat(log.lines()).containsExactly("emailalert: Deleted real server: 10.1.0.2:80 (10.1.0.1:80)");
    }

    @Test
    void statusFilterSuppressesMailOutsideTheChosenPhases() throws Exception {
        VirtualServiceConfig v = virtual("\temailalert=ops@example.org\n\temailalertstatus=running\n");
        status = DaemonStatus.STARTING;

        alerts.alert("Added real server: 10.1.0.2:80 (10.1.0.1:80) (Weight set to 1)", v, "10.1.0.2:80", 0);

        assertThat(received).isEmpty();
    }

    @Test
    void downServersAreRemindedEveryEmailalertfreqUntilRestored() throws Exception {
        alerts.setFrom("\"ldirectord\" <alerts@example.org>");
        VirtualServiceConfig v = virtual("\temailalert=ops@example.org\n\temailalertfreq=60\n");
        long now = clock.millis() / 1000;
        alerts.alert("Deleted real server: 10.1.0.2:80 (10.1.0.1:80)", v, "10.1.0.2:80", now);

        clock.advance(Duration.ofSeconds(30));
        alerts.resend();
        assertThat(received).hasSize(1);

        clock.advance(Duration.ofSeconds(30));
        alerts.resend();
        assertThat(received).hasSize(2);
        assertThat(received.get(1).data()).contains("From: \"ldirectord\" <alerts@example.org>\n",
                "Subject: Inaccessible real server: 10.1.0.2:80 (10.1.0.1:80)\n");

        alerts.alert("Added real server: 10.1.0.2:80 (10.1.0.1:80) (Weight set to 1)", v, "10.1.0.2:80", 0);
        clock.advance(Duration.ofSeconds(600));
        alerts.resend();
        assertThat(received).hasSize(3);
    }

    @Test
    void failedDeliveryIsLogged() throws Exception {
        sink.close();
        VirtualServiceConfig v = virtual("\temailalert=ops@example.org\n");

        alerts.alert("Deleted real server: 10.1.0.2:80 (10.1.0.1:80)", v, "10.1.0.2:80", 0);

        assertThat(log.lines()).contains("failed to send SMTP email message");
    }

    @Test
    void monitorFileEscapesSeparatorsAndLineBreaks(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("monitor.log");
        new MonitorFile(7, clock).record(f, "negotiate:http:tcp:10.1.0.2:80:::1:gate:\\/:OK", false, "50% | broken\r\nnext");

        assertThat(java.nio.file.Files.readString(f)).isEqualTo(
                "[Thu Jan  1 00:00:00 2026] [7] negotiate http tcp 10.1.0.2 80 1 gate / OK [down] 50%25 %7c broken%0d%0anext\n");
    }
}
