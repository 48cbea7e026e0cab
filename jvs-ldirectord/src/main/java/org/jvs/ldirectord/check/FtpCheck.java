package org.jvs.ldirectord.check;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ftp negotiate check, as ldirectord drives Net::FTP: greeting, USER/PASS (login defaults to
 * anonymous), {@code CWD /}, {@code TYPE I}, {@code PASV}, {@code RETR <request>} over the passive
 * data connection, QUIT; up iff the retrieved bytes match receive. Like ldirectord, failed
 * intermediate steps are not fatal; unlike it, a transfer that never started is down even with an
 * empty receive. The data connection goes to the control connection's peer (the address in the
 * PASV reply is not trusted). At most {@link HttpCheck#MAX_BODY} bytes are read. Bounded by
 * negotiatetimeout.
 */
final class FtpCheck implements Check {
    private static final Pattern PASV = Pattern.compile("(\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)");

    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        Deadline deadline = t.negotiateDeadline();
        try (Connection c = Connection.open(t.inet(), t.checkPort(), deadline)) {
            if (Reply.read(c).code() / 100 != 2) {
                return CheckResult.down(CheckResult.NO_MESSAGE);
            }
            Reply user = command(c, "USER " + t.check().login());
            if (user.code() / 100 == 3) {
                command(c, "PASS " + t.check().passwd());
            }
            command(c, "CWD /");
            command(c, "TYPE I");
            Reply pasv = command(c, "PASV");
            Matcher m = PASV.matcher(pasv.text());
            if (pasv.code() != 227 || !m.find()) {
                return CheckResult.down(CheckResult.NO_MESSAGE);
            }
            int port = Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6));
            String content = retrieve(c, c.remote().getAddress(), port, t.request(), deadline);
            if (content == null || !t.received(content)) {
                return CheckResult.down(CheckResult.NO_MESSAGE);
            }
            return CheckResult.up(CheckResult.NO_MESSAGE);
        }
    }

    /** The file's bytes, or null when the server refused the transfer. The data connection stays open until the end. */
    private static String retrieve(Connection control, InetAddress host, int port, String file, Deadline deadline)
            throws IOException {
        try (Connection data = Connection.open(host, port, deadline)) {
            control.write("RETR " + file + "\r\n");
            int code = Reply.read(control).code();
            if (code / 100 != 1 && code / 100 != 2) {
                return null;
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while (content.size() < HttpCheck.MAX_BODY && (n = data.read(buf, 0, buf.length)) > 0) {
                content.write(buf, 0, n);
            }
            try {
                if (code / 100 == 1) {
                    Reply.read(control);
                }
                command(control, "QUIT");
            } catch (IOException e) {
                // ldirectord judges the bytes it got; how the session ends does not matter.
            }
            return content.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static Reply command(Connection c, String command) throws IOException {
        c.write(command + "\r\n");
        return Reply.read(c);
    }
}
