package org.jvs.ldirectord.alert;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.jvs.ldirectord.config.DaemonStatus;
import org.jvs.ldirectord.config.EmailAlertConfig;
import org.jvs.ldirectord.config.VirtualServiceConfig;
import org.jvs.ldirectord.log.LdLog;

/**
 * ldirectord's e-mail alerts ({@code ld_emailalert_send} and {@code _resend}): a mail per table
 * change of a virtual service with {@code emailalert} set, when the daemon's status passes
 * {@code emailalertstatus}; the subject is the log line (prefixed "[servicename] "), the body
 * names the host, the message and the daemon status, plus the service name and comment. A real
 * server taken out is remembered and reported again as "Inaccessible real server: ..." every
 * {@code emailalertfreq} seconds until it is restored. Mails leave from one background thread, in
 * order, so a slow relay never holds up table changes. Thread-safe.
 */
public final class EmailAlerts {
    private final MailTransport transport;
    private final ExecutorService sender;
    private final LdLog log;
    private final Clock clock;
    private final Supplier<DaemonStatus> status;
    private final String hostname;
    private final String user;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private volatile String from;

    /**
     * @param sender runs deliveries one after the other
     * @param status the daemon's current status, read when an alert is raised
     * @param user the local user name (the envelope sender is user@hostname)
     */
    public EmailAlerts(MailTransport transport, ExecutorService sender, LdLog log, Clock clock,
                       Supplier<DaemonStatus> status, String hostname, String user) {
        this.transport = transport;
        this.sender = sender;
        this.log = log;
        this.clock = clock;
        this.status = status;
        this.hostname = hostname;
        this.user = user;
    }

    /** Sets {@code emailalertfrom} (null for user@host), as read from the current configuration. */
    public void setFrom(String from) {
        this.from = from;
    }

    /**
     * Raises an alert about {@code real} ("ip:port") of {@code v}.
     *
     * @param downSinceSec epoch seconds at which the server went down, to be reminded of; 0 clears
     *                     the reminder (the server is back, or the alert is not about a failure)
     */
    public synchronized void alert(String subject, VirtualServiceConfig v, String real, long downSinceSec) {
        EmailAlertConfig mail = v.emailAlert();
        String id = real + " (" + v.text() + ")";
        if (downSinceSec == 0 || mail.frequencySec() == 0) {
            pending.remove(id);
        } else {
            pending.put(id, new Pending(v, real, downSinceSec));
        }
        DaemonStatus now = status.get();
        if ((now.bit() & mail.statusMask()) == 0 || !mail.enabled()) {
            return;
        }
        log.log("emailalert: " + subject);
        String fullSubject = v.serviceName() != null && !v.serviceName().isEmpty()
                ? "[" + v.serviceName() + "] " + subject : subject;
        String message = message(mail.to(), fullSubject, details(v), now);
        List<String> to = recipients(mail.to());
        String envelope = user + "@" + hostname;
        sender.execute(() -> {
            try {
                transport.send(mail.smtp(), envelope, to, message);
            } catch (IOException e) {
                log.log(mail.smtp() != null ? "failed to send SMTP email message" : "failed to send email message");
            }
        });
    }

    /** Sends the due reminders for real servers still down. */
    public synchronized void resend() {
        long now = clock.millis() / 1000;
        for (Pending p : new ArrayList<>(pending.values())) {
            if (now - p.since < p.virtual.emailAlert().frequencySec()) {
                continue;
            }
            alert("Inaccessible real server: " + p.real + " (" + p.virtual.text() + ")", p.virtual, p.real, now);
        }
    }

    /** Forgets every reminder (the configuration they belong to was replaced). */
    public synchronized void clear() {
        pending.clear();
    }

    private String message(String to, String subject, String details, DaemonStatus now) {
        String sender = from != null ? from : user + "@" + hostname;
        StringBuilder m = new StringBuilder()
                .append("From: ").append(sender).append('\n')
                .append("To: ").append(to).append('\n')
                .append("Subject: ").append(subject).append("\n\n")
                .append("ldirectord host: ").append(hostname).append('\n')
                .append("Log-Message: ").append(subject).append('\n')
                .append("Daemon-Status: ").append(now.word()).append('\n');
        if (!details.isEmpty()) {
            m.append('\n').append(details).append('\n');
        }
        return m.toString();
    }

    private static String details(VirtualServiceConfig v) {
        StringBuilder d = new StringBuilder();
        if (v.serviceName() != null && !v.serviceName().isEmpty()) {
            d.append("Service name: ").append(v.serviceName()).append('\n');
        }
        if (v.comment() != null && !v.comment().isEmpty()) {
            d.append("Comment: ").append(v.comment()).append('\n');
        }
        return d.toString();
    }

    /** The addresses of {@code emailalert}, split at commas (Mail::Send accepts the list). */
    static List<String> recipients(String to) {
        List<String> out = new ArrayList<>();
        for (String a : to.split(",")) {
            if (!a.isBlank()) {
                out.add(a.trim());
            }
        }
        return out;
    }

    private record Pending(VirtualServiceConfig virtual, String real, long since) {
    }
}
