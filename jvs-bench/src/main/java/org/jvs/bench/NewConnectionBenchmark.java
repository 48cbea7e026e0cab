package org.jvs.bench;

import java.util.concurrent.TimeUnit;
import org.jvs.ipvs.conn.TcpStateTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first packet of a new connection against a table of live connections: lookup miss,
 * service lookup, scheduling among the real servers, entry creation and binding, state change.
 *
 * <p>{@code newConnection}: the clock stands still inside an iteration, so each operation is
 * exactly that (the table grows by the iteration's operations; the index is sized so it never
 * rehashes, and each iteration starts by expiring the previous one's connections).
 * {@code churn}: the steady state of a director taking new connections: the clock advances so
 * that unanswered SYN_RECV entries (60 s) expire as fast as new ones come, holding the table at
 * {@code connections} entries; each operation includes its share of expiry work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 300, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class NewConnectionBenchmark {
    private static final long SEC = 1_000_000_000L;

    @Param("1000000")
    int connections;
    @Param("1000")
    int realServers;
    @Param("rr")
    String scheduler;

    private BenchDirector director;
    private long nowNs;
    private long nextClient;
    private long churnStepNs;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        director = new BenchDirector(scheduler, realServers, 23, 12_000_000);
        nowNs = 1_000_000 * SEC;
        // Established connections must outlive every iteration's clock steps.
        director.core.setTimeouts(2_678_400, 0, 0);
        // Half the table established (900 s), half fresh SYN_RECV (60 s) arriving at the churn rate.
        director.establish(connections / 2, nowNs);
        nextClient = connections / 2;
        churnStepNs = 60 * SEC / (connections / 2);
        for (int i = 0; i < connections / 2; i++) {
            nowNs += churnStepNs;
            director.in(nextClient++, TcpStateTable.SYN, nowNs);
        }
    }

    @Setup(Level.Iteration)
    public void dropLastIterationsSyns() {
        // Connections opened by the previous iteration of newConnection are SYN_RECV (60 s).
        nowNs += 61 * SEC;
        director.core.expire(nowNs);
        for (int i = 0; i < connections / 2; i++) {
            nowNs += churnStepNs;
            director.in(nextClient++, TcpStateTable.SYN, nowNs);
        }
    }

    @Benchmark
    public int newConnection() {
        return director.in(nextClient++, TcpStateTable.SYN, nowNs);
    }

    @Benchmark
    public int churn() {
        nowNs += churnStepNs;
        if ((nextClient & 255) == 0) {
            director.core.expire(nowNs);
        }
        return director.in(nextClient++, TcpStateTable.SYN, nowNs);
    }
}
