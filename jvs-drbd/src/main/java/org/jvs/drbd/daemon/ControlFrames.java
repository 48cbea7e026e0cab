package org.jvs.drbd.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The framing of the control socket between drbdadm and a resource's daemon: the request is the
 * argument list (count, then length-prefixed UTF-8 strings); the reply is a stream of frames,
 * 'O' text for stdout, 'E' text for stderr, and one final 'X' with the exit status, so long
 * commands (wait-sync) can show progress as they go. Stateless; thread-safe.
 */
final class ControlFrames {
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte EXIT = 'X';
    private static final int MAX_ARGS = 64;
    private static final int MAX_ARG = 4096;

    private ControlFrames() {
    }

    static void writeRequest(DataOutputStream out, List<String> args) throws IOException {
        out.writeInt(args.size());
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
        out.flush();
    }

    static List<String> readRequest(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ARGS) {
            throw new IOException("bad request");
        }
        List<String> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = in.readInt();
            if (len < 0 || len > MAX_ARG) {
                throw new IOException("bad request");
            }
            args.add(new String(in.readNBytes(len), StandardCharsets.UTF_8));
        }
        return args;
    }

    static void writeText(DataOutputStream out, byte type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeByte(type);
        out.writeInt(b.length);
        out.write(b);
        out.flush();
    }

    static void writeExit(DataOutputStream out, int status) throws IOException {
        out.writeByte(EXIT);
        out.writeInt(status);
        out.flush();
    }
}
