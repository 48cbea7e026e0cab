package org.jvs.ldirectord.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
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
 * interrupted and counts as down. Maintenance files are looked at before each check.
 *
 * <p>Waiting checks sit in a queue ordered by due time, so finding the due ones costs nothing per
 * waiting check and thousands of real servers can be checked every second. After the full pass of
 * {@link #runAllAndWait} (start, reload), the next runs are spread evenly over one interval instead
 * of all falling due at the same instant: the second check of a real server comes between one and
 * two intervals after the first, and from then on each is again one interval after the previous.
 * Time comes from the injected clock. Thread-safe.
 */
public final class CheckScheduler implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(1);

    private final ServiceManager manager;
    private final Clock clock;
    private final Runnable onEarlierDue;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final PriorityQueue<Due> queue = new PriorityQueue<>();
    /** The groups of the configuration in force; a running check of an older one is not requeued. */
    private final Set<CheckGroup> current = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Extra delay of the next run of a group, set by the full pass to spread the runs after it. */
    private final Map<CheckGroup, Duration> spread = new IdentityHashMap<>();
    private long generation = -1;
    private long sequence;
    private volatile Maintenance maintenance;

    /**
     * @param onEarlierDue called when a finished check is queued ahead of every waiting one, so a
     *                     caller sleeping until {@link #nextDue} must look again
     */
    public CheckScheduler(ServiceManager manager, Maintenance maintenance, Clock clock, Runnable onEarlierDue) {
        this.manager = manager;
        this.maintenance = maintenance;
        this.clock = clock;
        this.onEarlierDue = onEarlierDue;
    }

    /** A group waiting for its time; equal times keep the order they were queued in. */
    private record Due(Instant at, long sequence, CheckGroup group) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    /** Replaces the maintenance directory (on reload). */
    public void setMaintenance(Maintenance maintenance) {
        this.maintenance = maintenance;
    }

    /** Starts every check that is due and not already running; the futures end with their checks. */
    public synchronized List<Future<?>> runDue() {
        Instant now = clock.instant();
        follow(now);
        List<Future<?>> started = new ArrayList<>();
        while (!queue.isEmpty() && !queue.peek().at().isAfter(now)) {
            CheckGroup g = queue.poll().group();
            started.add(threads.submit(() -> runOne(g)));
        }
        return started;
    }

    /**
     * Runs every check that is not already running once, now, and waits for all of them
     * (ldirectord's pass at start and reload); their next runs are spread over one interval.
     */
    public void runAllAndWait() throws InterruptedException {
        List<Future<?>> all;
        synchronized (this) {
            Instant now = clock.instant();
            follow(now);
            List<Due> waiting = new ArrayList<>(queue);
            waiting.sort(null);
            queue.clear();
            spread.clear();
            int n = waiting.size();
            for (int i = 0; i < n; i++) {
                CheckGroup g = waiting.get(i).group();
                spread.put(g, g.interval().multipliedBy(i).dividedBy(n));
                queue.add(new Due(now, sequence++, g));
            }
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

    /** When the next waiting check is due, if any. */
    public synchronized Optional<Instant> nextDue() {
        return Optional.ofNullable(queue.peek()).map(Due::at);
    }

    /** Takes up the groups of a new configuration of the manager: all due at once. */
    private void follow(Instant now) {
        long g = manager.generation();
        if (g == generation) {
            return;
        }
        generation = g;
        queue.clear();
        current.clear();
        spread.clear();
        for (CheckGroup group : manager.groups()) {
            current.add(group);
            queue.add(new Due(now, sequence++, group));
        }
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
            requeue(g);
        }
    }

    private void requeue(CheckGroup g) {
        boolean first;
        synchronized (this) {
            if (!current.contains(g)) {
                return;
            }
            Duration extra = spread.remove(g);
            Instant at = clock.instant().plus(g.interval());
            Due d = new Due(extra == null ? at : at.plus(extra), sequence++, g);
            queue.add(d);
            first = queue.peek() == d;
        }
        if (first) {
            onEarlierDue.run();
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
