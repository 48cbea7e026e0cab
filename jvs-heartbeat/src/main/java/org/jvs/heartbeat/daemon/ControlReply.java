package org.jvs.heartbeat.daemon;

import java.nio.charset.StandardCharsets;

/**
 * A control-socket answer: the exit code the command-line tool should return and the text it
 * should print. On the wire: the code on the first line, the text after it. Immutable.
 */
record ControlReply(int exitCode, String text) {

    byte[] encode() {
        return (exitCode + "\n" + text).getBytes(StandardCharsets.UTF_8);
    }

    static ControlReply decode(String wire) {
        int nl = wire.indexOf('\n');
        String code = nl < 0 ? wire : wire.substring(0, nl);
        try {
            return new ControlReply(Integer.parseInt(code.strip()), nl < 0 ? "" : wire.substring(nl + 1));
        } catch (NumberFormatException e) {
            return new ControlReply(1, "heartbeat: unexpected answer from the daemon\n");
        }
    }
}
