package org.jvs.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.jvs.ipvs.conn.ConnectionTable;
import org.jvs.ipvs.service.Protocol;

/**
 * Measures the heap a connection costs: fills a director's table with N established IPv4
 * connections (default 10,000,000) through the data-plane entry point and reports the heap
 * retained after a full GC, per connection. Everything the table holds lives on the heap, so
 * this is its whole footprint. Run:
 * {@code java -Xmx3g -cp jvs-bench/target/benchmarks.jar org.jvs.bench.ConnectionMemoryFootprint [N]}
 */
public final class ConnectionMemoryFootprint {
    private ConnectionMemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        BenchDirector director = new BenchDirector("rr", 1000, ConnectionTable.DEFAULT_TAB_BITS, n + 1);
        long before = retainedHeap(memory);
        long start = System.nanoTime();
        director.establish(n, 1_000_000_000_000L);
        long fillNs = System.nanoTime() - start;
        long after = retainedHeap(memory);
        ConnectionTable table = director.core.connections();
        int found = 0;
        for (int i = 0; i < n; i += 1000) {
            director.key.setV4(Protocol.TCP, BenchDirector.clientAddress(i),
                    BenchDirector.clientPort(i), BenchDirector.VIP, 80, 0);
            found += director.core.lookupIn(director.key) >= 0 ? 1 : 0;
        }
        System.out.printf("connections:          %,d (%d of %d sampled lookups found)%n", table.size(), found,
                (n + 999) / 1000);
        System.out.printf("index buckets:        %,d (reported size=%d)%n", table.indexBuckets(), table.hashSize());
        System.out.printf("heap retained:        %,d bytes%n", after - before);
        System.out.printf("bytes per connection: %.1f%n", (after - before) / (double) n);
        System.out.printf("fill time:            %.1f s (%.0f ns per connection, SYN + ACK)%n", fillNs / 1e9,
                fillNs / (double) n);
    }

    private static long retainedHeap(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
