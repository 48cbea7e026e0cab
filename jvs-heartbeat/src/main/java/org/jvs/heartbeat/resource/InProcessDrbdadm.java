package org.jvs.heartbeat.resource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jvs.drbd.Drbdadm;

/**
 * {@code jvs drbdadm} run inside the heartbeat process: the same entry point the launcher calls, with
 * this process's environment ({@code JVS_RUN_DIR}, {@code uname -n}), so it works identically from
 * the shaded jar and from a test class path, and costs no JVM start during a takeover. A call that
 * overruns its limit is interrupted and reported as exit 124, as {@link CommandRunner} does.
 * Thread-safe.
 */
public final class InProcessDrbdadm implements DrbdadmCommand {
    private final Duration timeout;

    /** @param timeout how long one drbdadm command may take */
    public InProcessDrbdadm(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public CommandRunner.Result run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        FutureTask<Integer> call = new FutureTask<>(() -> Drbdadm.main(args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        Thread t = Thread.ofVirtual().name("drbdadm").start(call);
        int rc;
        try {
            rc = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            t.interrupt();
            return new CommandRunner.Result(CommandRunner.TIMED_OUT, "", "drbdadm " + String.join(" ", args)
                    + ": timed out after " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new CommandRunner.Result(1, "", "drbdadm " + String.join(" ", args) + ": " + e.getCause());
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            return new CommandRunner.Result(CommandRunner.TIMED_OUT, "", "interrupted");
        }
        return new CommandRunner.Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
