package org.jvs.drbd.meta;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;

/**
 * drbdmeta's way of asking before it destroys something: the context and the question on stderr;
 * {@code --force} answers yes; otherwise only a terminal can answer, by typing "yes".
 * Not thread-safe.
 *
 * @param force whether --force was given
 * @param tty   whether standard input is a terminal
 * @param in    standard input
 * @param err   where the questions go
 */
public record Confirmation(boolean force, boolean tty, BufferedReader in, PrintStream err) {

    /** Asks {@code question} after {@code context} (may be null); true when confirmed. */
    public boolean confirm(String context, String question) {
        if (context != null) {
            err.print("\n" + context + "\n");
        }
        err.print("\n" + question + "\n");
        if (force) {
            err.print("*** confirmation forced via --force option ***\n");
            return true;
        }
        if (!tty) {
            err.print("stdin not a TTY, not waiting for confirmation\n");
            return false;
        }
        err.print("[need to type 'yes' to confirm] ");
        err.flush();
        try {
            String answer = in.readLine();
            err.print("\n");
            return "yes".equals(answer);
        } catch (IOException e) {
            return false;
        }
    }
}
