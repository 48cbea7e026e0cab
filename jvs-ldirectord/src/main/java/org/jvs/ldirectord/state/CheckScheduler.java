package org.jvs.ldirectord.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jvs.ldirectord.check.CheckResult;
import org.jvs.ldirectord.check.CheckTarget;

/**
 * Runs the checks of a {@link ServiceManager}, each on its own virtual thread and on its own
 * schedule: a check is due again {@code checkinterval} after its previous run ended, so a hung real
 * server delays nobody but itself. A check that overruns its own timeouts (plus a grace second) is
 * interrupted and counts as down. Maintenance files are looked at before each check. Time comes
 * from the injected clock. Thread-safe.
 */
public final class CheckScheduler implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final ServiceManager manager;
    private final Clock clock;
    private final Runnable onCompletion;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Instant> due = new HashMap<>();
    private final Set<String> running = new HashSet<>();
    private volatile Maintenance maintenance;

    /** @param onCompletion called after every check (the daemon wakes up to schedule the next) */
    public CheckScheduler(ServiceManager manager, Maintenance maintenance, Clock clock, Runnable onCompletion) {
        this.manager = manager;
        this.maintenance = maintenance;
        this.clock = clock;
        this.onCompletion = onCompletion;
    }

    /** Replaces the maintenance directory (on reload). */
    public void setMaintenance(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    /** Starts every check that is due and not already running; the futures end with their checks. */
    public synchronized List<Future<?>> runDue() {
        Instant now = clock.instant();
        List<CheckGroup> groups = manager.groups();
        Set<String> keys = new HashSet<>();
        List<Future<?>> started = new ArrayList<>();
        for (CheckGroup g : groups) {
            keys.add(g.key());
            Instant when = due.get(g.key());
            if (running.contains(g.key()) || when != null && now.isBefore(when)) {
                continue;
            }
            running.add(g.key());
            started.add(threads.submit(() -> runOne(g)));
        }
        due.keySet().retainAll(keys);
        return started;
    }

    /** Runs every check once, now, and waits for all of them (ldirectord's pass at start and reload). */
    public void runAllAndWait() throws InterruptedException {
        List<Future<?>> all;
        synchronized (this) {
            due.clear();
            all = runDue();
        }
        for (Future<?> f : all) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a check task failed", e.getCause());
            }
        }
    }

    /** When the next idle check is due, if any. */
    public synchronized Optional<Instant> nextDue() {
        return due.entrySet().stream().filter(e -> !running.contains(e.getKey())).map(Map.Entry::getValue)
                .min(Instant::compareTo);
    }

    private void runOne(CheckGroup g) {
        try {
            if (maintenance.inMaintenance(g.real())) {
                manager.maintenance(g);
            } else {
                bounded(g).ifPresent(r -> manager.apply(g, r));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                running.remove(g.key());
                due.put(g.key(), clock.instant().plus(g.interval()));
            }
            onCompletion.run();
        }
    }

    private Optional<CheckResult> bounded(CheckGroup g) throws InterruptedException {
        CheckTarget t = g.checker().target();
        Duration limit = t.checkTimeout().multipliedBy(Math.max(1, t.check().checkCount()))
                .plus(t.negotiateTimeout()).plus(GRACE);
        CompletableFuture<Optional<CheckResult>> f = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().start(() -> {
            try {
                f.complete(g.checker().check());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            return Optional.of(CheckResult.down("timed out"));
        } catch (ExecutionException e) {
            return Optional.of(CheckResult.down(String.valueOf(e.getCause().getMessage())));
        } catch (InterruptedException e) {
            worker.interrupt();
            throw e;
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
