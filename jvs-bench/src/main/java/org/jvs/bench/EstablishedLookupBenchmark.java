package org.jvs.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jvs.ipvs.conn.TcpStateTable;
import org.jvs.ipvs.sched.PacketKey;
import org.jvs.ipvs.service.Protocol;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packets of established connections: {@code lookup} is the connection-table lookup alone
 * (ip_vs_conn_in_get), {@code lookupBatch} the same for a burst of packets at once;
 * {@code packetBatch} a burst through the batched lookup and then ip_vs_in; {@code packet} is the whole ip_vs_in path of an ACK (lookup, counters of
 * real server, service and director, state machine, timer re-arm). Connections are visited in a
 * random order, so most lookups miss the CPU caches, as on a busy director.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class EstablishedLookupBenchmark {
    @Param("1000000")
    int connections;
    @Param("1000")
    int realServers;
    @Param("rr")
    String scheduler;

    private static final int BATCH = 32;

    private BenchDirector director;
    private final PacketKey[] batch = new PacketKey[BATCH];
    private final int[] handles = new int[BATCH];
    private int[] order;
    private int cursor;
    private final long nowNs = 1_000_000_000_000L;

    @Setup
    public void setUp() throws Exception {
        director = new BenchDirector(scheduler, realServers, 21, connections + 1);
        director.establish(connections, nowNs);
        for (int b = 0; b < BATCH; b++) {
            batch[b] = new PacketKey();
        }
        order = new int[connections];
        for (int i = 0; i < connections; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = connections - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private int next() {
        int i = order[cursor];
        cursor = cursor + 1 == order.length ? 0 : cursor + 1;
        return i;
    }

    @Benchmark
    public int lookup() {
        int i = next();
        director.key.setV4(Protocol.TCP, BenchDirector.clientAddress(i), BenchDirector.clientPort(i),
                BenchDirector.VIP, 80, nowNs);
        return director.core.lookupIn(director.key);
    }

    /** The batched lookup a forwarder uses for a burst of {@value #BATCH} received packets. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int lookupBatch() {
        for (int b = 0; b < BATCH; b++) {
            int i = next();
            batch[b].setV4(Protocol.TCP, BenchDirector.clientAddress(i), BenchDirector.clientPort(i),
                    BenchDirector.VIP, 80, nowNs);
        }
        director.core.lookupIn(batch, BATCH, handles);
        return handles[BATCH - 1];
    }

    /** A burst as a forwarder runs it: the batched lookup first, then ip_vs_in for each packet. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int packetBatch() {
        int last = lookupBatch();
        for (int b = 0; b < BATCH; b++) {
            last = director.core.in(batch[b], TcpStateTable.ACK, 60);
        }
        return last;
    }

    @Benchmark
    public int packet() {
        return director.in(next(), TcpStateTable.ACK, nowNs);
    }
}
