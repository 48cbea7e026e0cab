package org.jvs.heartbeat.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jvs.heartbeat.config.PingNode;

/**
 * Pings each ping node (or any member of a ping group) once per keepalive and reports a reply by
 * name. Uses {@link InetAddress#isReachable}, which sends ICMP echo when the process may (root),
 * as heartbeat's ping plugin does. One virtual thread per ping node. Thread-safe.
 */
final class PingProbes implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();

    PingProbes(List<PingNode> nodes, long keepaliveMs, Consumer<String> reply) {
        for (PingNode n : nodes) {
            threads.add(Thread.ofVirtual().name("ping-" + n.name()).start(() -> probe(n, keepaliveMs, reply)));
        }
    }

    private static void probe(PingNode n, long keepaliveMs, Consumer<String> reply) {
        int timeoutMs = (int) Math.max(100, keepaliveMs);
        while (!Thread.currentThread().isInterrupted()) {
            long start = System.nanoTime();
            for (String address : n.addresses()) {
                try {
                    if (InetAddress.getByName(address).isReachable(timeoutMs)) {
                        reply.accept(n.name());
                        break;
                    }
                } catch (IOException e) {
                    // Unresolvable or unreachable: no reply this round, deadping decides.
                }
            }
            long leftMs = keepaliveMs - (System.nanoTime() - start) / 1_000_000;
            if (leftMs > 0) {
                try {
                    Thread.sleep(leftMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
    }
}
