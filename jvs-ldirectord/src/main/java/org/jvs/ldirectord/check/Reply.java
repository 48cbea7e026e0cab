package org.jvs.ldirectord.check;

import java.io.IOException;

/**
 * A numbered reply of SMTP and FTP ("250-..." continuation lines, then "250 ..."), read as Perl's
 * Net::Cmd reads it. Immutable.
 */
record Reply(int code, String text) {
    /** Continuation lines read at most before the server is taken for broken. */
    private static final int MAX_LINES = 1000;

    static Reply read(Connection c) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < MAX_LINES; i++) {
            String line = c.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2))) {
                throw new IOException("not a reply: " + abbreviate(line));
            }
            text.append(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) != '-') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), text.toString());
            }
            text.append('\n');
        }
        throw new IOException("reply longer than " + MAX_LINES + " lines");
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
