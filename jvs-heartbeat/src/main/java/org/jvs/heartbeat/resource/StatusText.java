package org.jvs.heartbeat.resource;

import java.util.regex.Pattern;

/**
 * How ResourceManager reads a status action: by the text printed, not the exit code. Output
 * matching {@code *[Nn][Oo][Tt] *[Rr]unning*} is not running; otherwise output containing
 * {@code [Rr]unning} or {@code OK} is running; anything else is not running. Stateless.
 */
public final class StatusText {
    private static final Pattern NOT_RUNNING = Pattern.compile("(?s).*[Nn][Oo][Tt] .*[Rr]unning.*");
    private static final Pattern RUNNING = Pattern.compile("(?s).*([Rr]unning|OK).*");

    private StatusText() {
    }

    /** Whether a status action that printed {@code output} means running. */
    public static boolean meansRunning(String output) {
        return !NOT_RUNNING.matcher(output).matches() && RUNNING.matcher(output).matches();
    }
}
