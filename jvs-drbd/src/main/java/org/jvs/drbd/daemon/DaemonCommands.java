package org.jvs.drbd.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.LongSupplier;
import org.jvs.drbd.resource.Resource;
import org.jvs.drbd.resource.StatusFormat;
import org.jvs.drbd.state.ConnectionState;
import org.jvs.drbd.state.StateChangeException;

/**
 * The drbdadm subcommands a running resource executes, with drbdsetup's refusal messages and exit
 * statuses ("1: State change failed: (-2) Need access to UpToDate data", status 17). Thread-safe as
 * far as the resource is.
 */
final class DaemonCommands {
    private final Resource resource;
    private final LongSupplier nanoClock;
    private final Runnable shutdown;

    DaemonCommands(Resource resource, LongSupplier nanoClock, Runnable shutdown) {
        this.resource = resource;
        this.nanoClock = nanoClock;
        this.shutdown = shutdown;
    }

    int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println("no command");
            return 20;
        }
        String cmd = args.getFirst();
        List<String> opts = args.subList(1, args.size());
        try {
            switch (cmd) {
                case "primary" -> resource.primary(opts.contains("--force") || opts.contains("--overwrite-data-of-peer"));
                case "secondary" -> resource.secondary();
                case "connect", "adjust" -> resource.connect(opts.contains("--discard-my-data"));
                case "disconnect" -> resource.disconnect();
                case "invalidate" -> resource.invalidate();
                case "invalidate-remote" -> resource.invalidateRemote();
                case "verify" -> resource.verify();
                case "pause-sync" -> resource.pauseSync(true);
                case "resume-sync" -> resource.pauseSync(false);
                case "new-current-uuid" -> resource.newCurrentUuid(opts.contains("--clear-bitmap"));
                case "outdate" -> resource.outdate();
                case "status" -> out.print(StatusFormat.status(resource, nanoClock.getAsLong()));
                case "role" -> out.println(StatusFormat.role(resource));
                case "cstate" -> out.print(StatusFormat.cstate(resource));
                case "dstate" -> out.print(StatusFormat.dstate(resource));
                case "proc" -> out.print(StatusFormat.proc(resource, nanoClock.getAsLong()));
                case "events" -> resource.recentLog().forEach(out::println);
                case "wait-connect" -> {
                    return waitFor(() -> resource.connectionState() == ConnectionState.CONNECTED, null, opts, out);
                }
                case "wait-sync" -> {
                    return waitFor(() -> StatusFormat.settled(resource), "sync", opts, out);
                }
                case "down" -> {
                    resource.secondary();
                    shutdown.run();
                }
                default -> {
                    err.println("'" + cmd + "' is not supported by jvs drbd");
                    return 20;
                }
            }
            return 0;
        } catch (StateChangeException e) {
            int minor = resource.volumes().getFirst().config().minor();
            err.println(minor + ": State change failed: (" + e.code() + ") " + e.getMessage());
            err.println("Command 'drbdsetup-84 " + cmd + " " + minor + "' terminated with exit code " + e.exitCode());
            return e.exitCode();
        } catch (IOException e) {
            err.println(resource.name() + ": " + cmd + " failed: " + e.getMessage());
            return 10;
        }
    }

    /**
     * Waits for {@code done}; while waiting for a sync it prints the /proc/drbd progress every
     * second (on a terminal on one line, redrawn). {@code --timeout=S} bounds the wait (status 5).
     */
    private int waitFor(java.util.function.BooleanSupplier done, String progress, List<String> opts, PrintStream out) {
        long timeoutS = opts.stream().filter(o -> o.startsWith("--timeout=")).mapToLong(o -> Long.parseLong(o.substring(10)))
                .findFirst().orElse(0);
        boolean tty = opts.contains("--tty");
        long start = nanoClock.getAsLong();
        long lastPrint = 0;
        try {
            while (!done.getAsBoolean()) {
                long now = nanoClock.getAsLong();
                if (timeoutS > 0 && now - start > timeoutS * 1_000_000_000L) {
                    return 5;
                }
                if (progress != null && now - lastPrint >= 1_000_000_000L) {
                    lastPrint = now;
                    String bar = StatusFormat.proc(resource, now).lines().filter(l -> l.startsWith("\t"))
                            .map(String::strip).reduce((x, y) -> x + "  " + y).orElse("");
                    if (!bar.isEmpty()) {
                        out.print(tty ? "\r" + bar : bar + "\n");
                        out.flush();
                    }
                }
                Thread.sleep(50);
            }
            if (tty && progress != null) {
                out.print("\n");
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 20;
        }
    }
}
