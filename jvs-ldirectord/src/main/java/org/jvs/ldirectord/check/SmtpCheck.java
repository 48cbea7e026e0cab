package org.jvs.ldirectord.check;

import java.io.IOException;

/**
 * The smtp and submission negotiate checks: Net::SMTP's constructor (2xx greeting, EHLO or HELO
 * accepted), then QUIT. No authentication. Bounded by negotiatetimeout. Stateless.
 */
final class SmtpCheck implements Check {
    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        try (SmtpClient smtp = SmtpClient.open(t.inet(), t.checkPort(), t.negotiateDeadline())) {
            try {
                smtp.quit();
            } catch (IOException e) {
                // ldirectord ignores the answer to QUIT: the server already proved itself.
            }
        }
        return CheckResult.up(CheckResult.NO_MESSAGE);
    }
}
