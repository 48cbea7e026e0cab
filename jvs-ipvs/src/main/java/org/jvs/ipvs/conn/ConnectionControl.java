package org.jvs.ipvs.conn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * The control plane's way into the connection table: listing for {@code ipvsadm -Lnc}, flushing
 * the entries of deleted real servers or services, importing entries from the sync daemon. Each
 * request is queued and answered through a future; the data-plane thread that owns the table runs
 * the queue between packets ({@link IpvsCore#runControl}) in slices of a bounded number of
 * entries, so even a walk over millions of entries never stalls forwarding for long. As with the
 * kernel's /proc listing, a walk sliced this way may miss or include entries created or freed
 * while it runs.
 *
 * <p>Thread-safety: the request methods may be called from any thread; {@link #run} only from the
 * owning data-plane thread.
 */
public final class ConnectionControl {
    private final IpvsCore core;
    private final ConnectionTable table;
    private final ConcurrentLinkedQueue<Command<?>> queue = new ConcurrentLinkedQueue<>();
    private Command<?> current;

    ConnectionControl(IpvsCore core, ConnectionTable table) {
        this.core = core;
        this.table = table;
    }

    /** Every listed entry, templates included (one-packet connections are never listed). */
    public CompletableFuture<List<ConnectionRecord>> list() {
        return submit(new Walk<List<ConnectionRecord>>() {
            private final List<ConnectionRecord> records = new ArrayList<>();

            @Override
            void visit(int from, int to, long nowNs) {
                table.visit(from, to, nowNs, records::add);
            }

            @Override
            List<ConnectionRecord> value() {
                return records;
            }
        });
    }

    /** Deletes the entries of one real server (and their then unused templates); completes with the count. */
    public CompletableFuture<Integer> flushDest(RealServer dest) {
        return flush(d -> d == dest);
    }

    /** Deletes the entries of every real server of {@code svc}; completes with the count. */
    public CompletableFuture<Integer> flushService(VirtualService svc) {
        return flush(d -> d.service() == svc);
    }

    /** ip_vs_expire_nodest_conn_flush: deletes the entries of every deleted real server. */
    public CompletableFuture<Integer> flushUnavailable() {
        return flush(d -> !d.available());
    }

    /**
     * To be registered as the virtual-server table's removal listener: with expire_nodest_conn on,
     * a deleted real server's connections are flushed as the kernel does after a delete.
     */
    public void destRemoved(RealServer dest) {
        if (core.sysctls().expireNodestConn()) {
            flushUnavailable();
        }
    }

    /**
     * Creates or updates entries from sync messages; {@code destOf} finds each record's real server
     * (or returns null). Completes with the number of records the table could take.
     */
    public CompletableFuture<Integer> importRecords(List<ConnectionRecord> records,
                                                    Function<ConnectionRecord, RealServer> destOf) {
        List<ConnectionRecord> copy = List.copyOf(records);
        return submit(new Command<Integer>() {
            private int next;
            private int imported;

            @Override
            int step(long nowNs, int budget) {
                int start = next;
                int end = Math.min(copy.size(), next + budget);
                for (; next < end; next++) {
                    ConnectionRecord r = copy.get(next);
                    if (table.importRecord(r, destOf.apply(r), core.timeouts(), nowNs) >= 0) {
                        imported++;
                    }
                }
                if (next == copy.size()) {
                    result.complete(imported);
                }
                return end - start;
            }
        });
    }

    /** Runs queued commands for about {@code budget} entries; returns whether work remains. */
    boolean run(long nowNs, int budget) {
        int left = budget;
        while (left > 0) {
            if (current == null) {
                current = queue.poll();
                if (current == null) {
                    return false;
                }
            }
            try {
                left -= Math.max(1, current.step(nowNs, left));
            } catch (RuntimeException e) {
                current.result.completeExceptionally(e);
            }
            if (current.result.isDone()) {
                current = null;
            }
        }
        return current != null || !queue.isEmpty();
    }

    private CompletableFuture<Integer> flush(Predicate<RealServer> which) {
        return submit(new Walk<Integer>() {
            private int freed;

            @Override
            void visit(int from, int to, long nowNs) {
                freed += table.flush(from, to, which, nowNs);
            }

            @Override
            Integer value() {
                return freed;
            }
        });
    }

    private <T> CompletableFuture<T> submit(Command<T> command) {
        queue.add(command);
        return command.result;
    }

    /** A queued request, advanced in slices on the data-plane thread until its result completes. */
    private abstract static class Command<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();

        /** Does up to about {@code budget} entries of work; returns how many it did. */
        abstract int step(long nowNs, int budget);
    }

    /** A command that walks the table's handle space in slices. */
    private abstract class Walk<T> extends Command<T> {
        private int cursor;

        abstract void visit(int from, int to, long nowNs);

        abstract T value();

        @Override
        int step(long nowNs, int budget) {
            int bound = table.handleBound();
            int to = (int) Math.min((long) cursor + budget, bound);
            visit(cursor, to, nowNs);
            int done = to - cursor;
            cursor = to;
            if (cursor >= table.handleBound()) {
                result.complete(value());
            }
            return done;
        }
    }
}
