package org.jvs.ldirectord.alert;

import java.io.IOException;
import java.util.List;

/** Hands a finished message to a mail system. Implementations are thread-safe. */
public interface MailTransport {

    /**
     * Sends {@code message} (headers, blank line, body; lines separated by '\n').
     *
     * @param smtpHost the relay from {@code smtp=}, or null for the local mail system
     * @param envelopeFrom the SMTP sender
     * @param recipients the envelope recipients
     */
    void send(String smtpHost, String envelopeFrom, List<String> recipients, String message) throws IOException;
}
