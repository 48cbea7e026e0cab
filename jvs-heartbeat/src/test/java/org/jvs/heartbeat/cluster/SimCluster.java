package org.jvs.heartbeat.cluster;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.jvs.heartbeat.auth.AuthKey;
import org.jvs.heartbeat.auth.AuthKeys;
import org.jvs.heartbeat.auth.AuthMethod;
import org.jvs.heartbeat.config.ConfigException;
import org.jvs.heartbeat.config.HaCfParser;
import org.jvs.heartbeat.config.HaConfig;
import org.jvs.heartbeat.config.HaResources;
import org.jvs.heartbeat.config.HaResourcesParser;
import org.jvs.heartbeat.wire.ControlFields;
import org.jvs.heartbeat.wire.WireCodec;

/**
 * Heartbeat nodes on a fake clock and a fake network, with resource groups simulated as sets of
 * running keys. Steps of 10 ms: deliver datagrams, finish queued jobs, tick. Datagrams can be
 * dropped by a filter (partitions, loss). Not thread-safe.
 */
final class SimCluster {
    static final long STEP_NS = TimeUnit.MILLISECONDS.toNanos(10);
    static final AuthKeys KEYS = new AuthKeys(Map.of(1, new AuthKey(1, AuthMethod.SHA1, "secret")), 1);

    /** One simulated host. */
    final class Host implements Network, JobRunner, HostInfo, GroupOperations {
        final String name;
        final List<String> haCf;
        ClusterNode node;
        boolean up;
        long generation = 100;
        final Set<String> running = new HashSet<>();
        final Deque<Job> jobs = new ArrayDeque<>();
        final List<String> log = new ArrayList<>();
        final Map<String, Boolean> pingReach = new LinkedHashMap<>();
        int restarts;

        Host(String name, List<String> haCf) {
            this.name = name;
            this.haCf = haCf;
        }

        @Override
        public void sendAll(byte[] datagram) {
            for (Host h : hosts.values()) {
                if (h != this) {
                    Datagram d = new Datagram(this.name, h.name, datagram);
                    wire.add(d);
                    sent.add(d);
                }
            }
        }

        @Override
        public void submit(Job job) {
            jobs.add(job);
        }

        @Override
        public long wallClockSeconds() {
            return 1_700_000_000L + TimeUnit.NANOSECONDS.toSeconds(now);
        }

        @Override
        public String loadAverage() {
            return "0.00 0.00 0.00 1/100 1";
        }

        @Override
        public boolean isRunning(String key) {
            return running.contains(key);
        }

        @Override
        public void take(String key) {
            running.add(key);
            log.add("take " + key);
        }

        @Override
        public void give(String key) {
            running.remove(key);
            log.add("give " + key);
        }

        String resources() {
            return node.view().resources();
        }

        String statusOf(String other) {
            return node.view().nodes().get(other);
        }
    }

    record Datagram(String from, String to, byte[] bytes) {
    }

    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Deque<Datagram> wire = new ArrayDeque<>();
    /** Every datagram ever sent, for replay tests. */
    final List<Datagram> sent = new ArrayList<>();
    private final HaResources resources;
    private final Random random = new Random(42);
    BiPredicate<String, String> linkUp = (from, to) -> true;
    /** Drops individual datagrams (lost packets). */
    java.util.function.Predicate<Datagram> drop = d -> false;
    long now = TimeUnit.SECONDS.toNanos(1000);

    SimCluster(List<String> haresources, String... nodeNames) throws ConfigException {
        this.resources = new HaResourcesParser().parse(Path.of("haresources"), haresources, List.of(nodeNames));
    }

    Host add(String name, String... haCf) {
        Host h = new Host(name, List.of(haCf));
        hosts.put(name, h);
        return h;
    }

    Host host(String name) {
        return hosts.get(name);
    }

    /** Starts heartbeat on a host (again after a crash: a new generation, as the file keeps it). */
    void start(String name) throws ConfigException {
        Host h = hosts.get(name);
        HaConfig cfg = new HaCfParser().parse(Path.of("ha.cf"), h.haCf, name);
        h.generation++;
        h.jobs.clear();
        h.node = new ClusterNode(cfg, new WireCodec(KEYS), new ControlFields(name, uuid(name), h.generation,
                cfg.ttl()), h, h, h, random);
        h.up = true;
        h.node.start(now);
    }

    private void startUnchecked(String name) {
        try {
            start(name);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** kill -9 of the whole host: heartbeat stops and its resources are gone. */
    void crash(String name) {
        Host h = hosts.get(name);
        h.up = false;
        h.running.clear();
    }

    /** Injects a datagram as if it arrived on the host's eth0. */
    void inject(String to, byte[] datagram) {
        wire.add(new Datagram("?", to, datagram));
    }

    void runFor(long ms) {
        long end = now + TimeUnit.MILLISECONDS.toNanos(ms);
        while (now < end) {
            step();
        }
    }

    /** Runs until {@code done} holds, failing after {@code limitMs}; returns the elapsed ms. */
    long runUntil(long limitMs, java.util.function.BooleanSupplier done) {
        long start = now;
        long end = now + TimeUnit.MILLISECONDS.toNanos(limitMs);
        while (!done.getAsBoolean()) {
            if (now >= end) {
                throw new AssertionError("condition not reached within " + limitMs + " ms");
            }
            step();
        }
        return TimeUnit.NANOSECONDS.toMillis(now - start);
    }

    private void step() {
        now += STEP_NS;
        int n = wire.size();
        for (int i = 0; i < n; i++) {
            Datagram d = wire.poll();
            Host to = hosts.get(d.to());
            if (to.up && (d.from().equals("?") || linkUp.test(d.from(), d.to())) && !drop.test(d)) {
                to.node.onDatagram(d.bytes(), 0, d.bytes().length, "eth0", now);
            }
        }
        if ((now / STEP_NS) % 10 == 0) {
            for (Host h : hosts.values()) {
                if (h.up) {
                    h.pingReach.forEach((p, ok) -> {
                        if (ok) {
                            h.node.onPingReply(p, now);
                        }
                    });
                }
            }
        }
        for (Host h : hosts.values()) {
            if (h.up && !h.jobs.isEmpty()) {
                Job j = h.jobs.poll();
                JobOutcome o = new JobExecutor(resources, h.name, h).run(j);
                h.node.onJobDone(o, now);
            }
        }
        for (Host h : hosts.values()) {
            if (h.up) {
                h.node.onTick(now);
                if (h.node.finished()) {
                    h.up = false;
                    if (h.node.restartRequested()) {
                        h.restarts++;
                        startUnchecked(h.name);
                    }
                }
            }
        }
    }

    /** The hosts currently running {@code key}. */
    List<String> holders(String key) {
        return hosts.values().stream().filter(h -> h.running.contains(key)).map(h -> h.name).toList();
    }

    private static byte[] uuid(String name) {
        byte[] u = new byte[16];
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, u, 0, Math.min(16, n.length));
        return u;
    }
}
