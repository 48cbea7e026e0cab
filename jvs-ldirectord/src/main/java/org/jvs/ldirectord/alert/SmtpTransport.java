package org.jvs.ldirectord.alert;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jvs.ldirectord.check.Deadline;
import org.jvs.ldirectord.check.SmtpClient;

/**
 * Mail as ldirectord sends it: over SMTP to the {@code smtp=} relay (Net::SMTP, port 25 unless
 * another is given here); without a relay, through the local {@code sendmail -oi -t} when there is
 * one (Mail::Send's usual route), else over SMTP to localhost. Each delivery is bounded by
 * {@link #TIMEOUT}. Thread-safe.
 */
public final class SmtpTransport implements MailTransport {
    /** Longest time one delivery may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<Path> SENDMAIL = List.of(Path.of("/usr/sbin/sendmail"), Path.of("/usr/lib/sendmail"));

    private final int port;

    /** @param port the SMTP port of relays (25 in production) */
    public SmtpTransport(int port) {
        this.port = port;
    }

    @Override
    public void send(String smtpHost, String envelopeFrom, List<String> recipients, String message) throws IOException {
        if (smtpHost == null) {
            for (Path sendmail : SENDMAIL) {
                if (Files.isExecutable(sendmail)) {
                    sendmail(sendmail, message);
                    return;
                }
            }
        }
        InetAddress relay = InetAddress.getByName(smtpHost == null ? "localhost" : smtpHost);
        try (SmtpClient smtp = SmtpClient.open(relay, port, Deadline.after(TIMEOUT))) {
            smtp.send(envelopeFrom, recipients, message);
            smtp.quit();
        }
    }

    private static void sendmail(Path sendmail, String message) throws IOException {
        Process p = new ProcessBuilder(sendmail.toString(), "-oi", "-t").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(message.getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroy();
                throw new IOException("sendmail did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IOException("sendmail exited with status " + p.exitValue());
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending mail", e);
        }
    }
}
