package org.jvs.ldirectord.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pop and pops negotiate checks, as Mail::POP3Client in its default "BEST" mode: the greeting
 * must be +OK; with a login set, APOP is tried when the greeting carries a timestamp, then
 * CRAM-MD5 when CAPA offers it, then USER/PASS, and a successful login must answer STAT.
 * Deviation: without a login ldirectord reports any POP server up, even an unreachable one (the
 * client object is always true); here the +OK greeting is required. Bounded by negotiatetimeout.
 */
final class PopCheck implements Check {
    private static final Pattern APOP_STAMP = Pattern.compile("(<[^<>@\\s]+@[^<>\\s]+>)");

    private final boolean tls;

    PopCheck(boolean tls) {
        this.tls = tls;
    }

    @Override
    public CheckResult run(CheckTarget t) throws IOException {
        try (Connection c = Connection.open(t.inet(), t.checkPort(), tls, t.negotiateDeadline())) {
            String greeting = c.readLine();
            if (greeting == null || !ok(greeting)) {
                return CheckResult.down(CheckResult.NO_MESSAGE);
            }
            String login = t.check().login();
            if (!login.isEmpty() && !login(c, greeting, login, t.check().passwd())) {
                return CheckResult.down(CheckResult.NO_MESSAGE);
            }
            c.write("QUIT\r\n");
            return CheckResult.up(CheckResult.NO_MESSAGE);
        }
    }

    private static boolean login(Connection c, String greeting, String user, String pass) throws IOException {
        Matcher stamp = APOP_STAMP.matcher(greeting);
        if (stamp.find() && command(c, "APOP " + user + " " + Digests.md5Hex(stamp.group(1) + pass))) {
            return stat(c);
        }
        if (cramMd5Offered(c)) {
            c.write("AUTH CRAM-MD5\r\n");
            String challenge = c.readLine();
            if (challenge != null && challenge.startsWith("+ ")) {
                byte[] mac = Digests.hmac("HmacMD5", Digests.utf8(pass), Base64.getMimeDecoder().decode(challenge.substring(2)));
                String response = user + " " + HexFormat.of().formatHex(mac);
                if (command(c, Base64.getEncoder().encodeToString(response.getBytes(StandardCharsets.UTF_8)))) {
                    return stat(c);
                }
            }
        }
        String answer = ask(c, "USER " + user);
        return answer != null && answer.startsWith("+") && command(c, "PASS " + pass) && stat(c);
    }

    private static boolean cramMd5Offered(Connection c) throws IOException {
        if (!command(c, "CAPA")) {
            return false;
        }
        boolean offered = false;
        for (String line = c.readLine(); line != null && !line.equals("."); line = c.readLine()) {
            offered |= line.matches("SASL.*?\\sCRAM-MD5\\b.*");
        }
        return offered;
    }

    private static boolean stat(Connection c) throws IOException {
        return command(c, "STAT");
    }

    private static boolean command(Connection c, String command) throws IOException {
        String answer = ask(c, command);
        return answer != null && ok(answer);
    }

    private static String ask(Connection c, String command) throws IOException {
        c.write(command + "\r\n");
        return c.readLine();
    }

    private static boolean ok(String line) {
        return line.regionMatches(true, 0, "+OK", 0, 3);
    }
}
