package org.jvs.ldirectord.check;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * The client side of SMTP as Perl's Net::SMTP speaks it: the constructor succeeds when the greeting
 * is 2xx and {@code EHLO} (or, refused, {@code HELO}) is accepted; mail goes out with MAIL, one RCPT
 * per address and DATA with dot-stuffing. Used by the smtp/submission checks and by e-mail alerts.
 * Not thread-safe: one session per use.
 */
public final class SmtpClient implements AutoCloseable {
    /** The name Net::SMTP greets with when none is given. */
    public static final String DEFAULT_HELLO = "localhost.localdomain";

    private final Connection c;

    private SmtpClient(Connection c) {
        this.c = c;
    }

    /** Connects, reads the greeting and says hello; fails unless the server accepts both. */
    public static SmtpClient open(InetAddress address, int port, Deadline deadline) throws IOException {
        Connection c = Connection.open(address, port, deadline);
        try {
            expect(Reply.read(c), 2, "greeting");
            c.write("EHLO " + DEFAULT_HELLO + "\r\n");
            if (Reply.read(c).code() / 100 != 2) {
                c.write("HELO " + DEFAULT_HELLO + "\r\n");
                expect(Reply.read(c), 2, "HELO");
            }
            return new SmtpClient(c);
        } catch (IOException e) {
            c.close();
            throw e;
        }
    }

    /** Sends one message: {@code text} is the header and body, lines separated by '\n'. */
    public void send(String from, List<String> to, String text) throws IOException {
        c.write("MAIL FROM:<" + from + ">\r\n");
        expect(Reply.read(c), 2, "MAIL");
        for (String rcpt : to) {
            c.write("RCPT TO:<" + rcpt + ">\r\n");
            expect(Reply.read(c), 2, "RCPT");
        }
        c.write("DATA\r\n");
        expect(Reply.read(c), 3, "DATA");
        StringBuilder data = new StringBuilder();
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        for (String line : body.split("\n", -1)) {
            data.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        c.write(data.append(".\r\n").toString());
        expect(Reply.read(c), 2, "end of data");
    }

    /** Says QUIT and waits for the answer, as Net::SMTP's {@code quit}. */
    public void quit() throws IOException {
        c.write("QUIT\r\n");
        Reply.read(c);
    }

    @Override
    public void close() {
        c.close();
    }

    private static void expect(Reply r, int klass, String step) throws IOException {
        if (r.code() / 100 != klass) {
            throw new IOException(step + " refused: " + r.code() + " " + r.text());
        }
    }
}
