package org.jvs.heartbeat.resource;

import java.util.List;

/**
 * The built-in drbddisk resource, drbd-utils' {@code resource.d/drbddisk} over jvs's drbdadm:
 * start is {@code drbdadm primary RES}, tried 6 times a second apart ("in case heartbeat deadtime
 * was smaller than drbd ping time"); stop is {@code drbdadm secondary RES}, tried 3 times; status
 * prints "running (Primary)", "stopped (Secondary|Unconfigured)" or "cannot determine status, may be
 * running (ROLE)", read as heartbeat reads any status text. Without an argument the resource is
 * {@code all}, as in the script. Thread-safe.
 */
public final class DrbdDiskAgent implements ResourceAgent {
    static final int START_TRIES = 6;
    static final int STOP_TRIES = 3;
    private static final long RETRY_PAUSE_MS = 1000;

    private final String resource;
    private final DrbdadmCommand drbdadm;
    private final ResourceManager.Pause pause;

    /**
     * @param args    the haresources arguments ({@code drbddisk::demo} gives [demo])
     * @param drbdadm runs drbdadm
     * @param pause   waits between tries
     */
    public DrbdDiskAgent(List<String> args, DrbdadmCommand drbdadm, ResourceManager.Pause pause) {
        this.resource = args.isEmpty() ? "all" : args.get(0);
        this.drbdadm = drbdadm;
        this.pause = pause;
    }

    @Override
    public CommandRunner.Result start() {
        return tries("primary", START_TRIES);
    }

    @Override
    public CommandRunner.Result stop() {
        return tries("secondary", STOP_TRIES);
    }

    private CommandRunner.Result tries(String command, int tries) {
        StringBuilder said = new StringBuilder();
        for (int i = 1; ; i++) {
            CommandRunner.Result r = drbdadm.run(List.of(command, resource));
            said.append(r.stderr());
            if (r.ok()) {
                return new CommandRunner.Result(0, r.stdout(), said.toString());
            }
            if (i == tries) {
                // The script's "LSB generic error".
                return new CommandRunner.Result(1, r.stdout(), said.toString());
            }
            pause.sleep(RETRY_PAUSE_MS);
        }
    }

    @Override
    public boolean running() {
        return StatusText.meansRunning(status());
    }

    /** What {@code drbddisk RES status} prints. */
    String status() {
        if (resource.equals("all")) {
            return "A resource name is required for status inquiries.";
        }
        String out = drbdadm.run(List.of("role", resource)).stdout().strip();
        String role = out.contains("/") ? out.substring(0, out.indexOf('/')) : out;
        return switch (role) {
            case "Primary" -> "running (Primary)";
            case "Secondary", "Unconfigured" -> "stopped (" + role + ")";
            default -> "cannot determine status, may be running (" + role + ")";
        };
    }

    @Override
    public String describe() {
        return "drbddisk " + resource;
    }
}
