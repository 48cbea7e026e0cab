package org.jvs.drbd.resource;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.jvs.drbd.config.ConfigParser;
import org.jvs.drbd.config.DrbdConfig;
import org.jvs.drbd.meta.Confirmation;
import org.jvs.drbd.meta.Drbdmeta;

/**
 * Two nodes of one resource in this JVM on loopback (127.0.0.1 and 127.0.0.2), each with its own
 * backing file with fresh metadata: the fixture of the replication tests. Closes both on close.
 */
final class TwoNodes implements AutoCloseable {
    final Path dir;
    final Path diskA;
    final Path diskB;
    final DrbdConfig config;
    final DrbdConfig configB;
    final int portB;
    Resource a;
    Resource b;

    /**
     * @param netOptions  extra lines for the net section
     * @param diskOptions extra lines for the disk section
     */
    TwoNodes(Path dir, long bytes, String netOptions, String diskOptions) throws Exception {
        this(dir, bytes, netOptions, netOptions, diskOptions);
    }

    /** Nodes whose net sections differ ({@code netB} for beta), e.g. in their shared secret. */
    TwoNodes(Path dir, long bytes, String netOptions, String netB, String diskOptions) throws Exception {
        this(dir, bytes, netOptions, netB, diskOptions, 0);
    }

    /**
     * With {@code relayPort} != 0, alpha is told that beta lives at 127.0.0.3:relayPort, where a
     * test relay forwards to beta: the link can then be stalled and cut.
     */
    TwoNodes(Path dir, long bytes, String netOptions, String netB, String diskOptions, int relayPort) throws Exception {
        this.dir = dir;
        diskA = sparse(dir.resolve("a.img"), bytes);
        diskB = sparse(dir.resolve("b.img"), bytes);
        int portA = freePort();
        int portB = freePort();
        String template = """
                resource r0 {
                  net { connect-int 1; ping-int 1; %s }
                  disk { c-plan-ahead 0; resync-rate 200M; %s }
                  on alpha { device /dev/drbd1; disk %s; meta-disk internal; address 127.0.0.1:%d; }
                  on beta  { device /dev/drbd1; disk %s; meta-disk internal; address 127.0.0.2:%d; }
                }
                """;
        Path conf = dir.resolve("drbd.conf");
        String forAlpha = template.formatted(netOptions, diskOptions, diskA, portA, diskB, portB);
        if (relayPort != 0) {
            forAlpha = forAlpha.replace("127.0.0.2:" + portB, "127.0.0.3:" + relayPort);
        }
        Files.writeString(conf, forAlpha);
        config = ConfigParser.parse(conf);
        this.portB = portB;
        current = this;
        Path confB = dir.resolve("drbd-beta.conf");
        Files.writeString(confB, template.formatted(netB, diskOptions, diskA, portA, diskB, portB));
        configB = ConfigParser.parse(confB);
        Drbdmeta meta = new Drbdmeta(new PrintStream(PrintStream.nullOutputStream()),
                new PrintStream(PrintStream.nullOutputStream()),
                new Confirmation(true, false, new java.io.BufferedReader(new java.io.StringReader("")),
                        new PrintStream(PrintStream.nullOutputStream())), Clock.systemUTC(), "test");
        meta.createMd(diskA);
        meta.createMd(diskB);
    }

    static Path sparse(Path p, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    ResourceSettings settings(String host) throws Exception {
        DrbdConfig c = host.equals("alpha") ? config : configB;
        return ResourceSettings.of(c.resource("r0").orElseThrow(), host);
    }

    /** Starts both, waits for the connection, skips the initial sync and makes alpha Primary. */
    void startSyncedWithAlphaPrimary() throws Exception {
        startBoth();
        await("connected", () -> a.replicationState(0) == org.jvs.drbd.state.ConnectionState.CONNECTED
                && b.replicationState(0) == org.jvs.drbd.state.ConnectionState.CONNECTED);
        a.newCurrentUuid(true);
        await("both UpToDate", () -> b.volume(0).disk() == org.jvs.drbd.state.DiskState.UP_TO_DATE);
        a.primary(false);
        await("peer sees Primary", () -> b.peerRole() == org.jvs.drbd.state.Role.PRIMARY);
    }

    Resource start(String host) throws Exception {
        Resource r = Resource.attach(settings(host), System::nanoTime);
        r.connect(false);
        if (host.equals("alpha")) {
            a = r;
        } else {
            b = r;
        }
        return r;
    }

    void startBoth() throws Exception {
        start("alpha");
        start("beta");
    }

    /** Waits (up to 60 s) until {@code condition} holds. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + CURRENT.logs());
            }
            Thread.sleep(20);
        }
    }

    /** The pair most recently created, whose logs a timeout message shows. */
    private static volatile TwoNodes current;
    private static final TwoNodes.Logs CURRENT = () -> current == null ? "" : current.logLines();

    private interface Logs {
        String logs();
    }

    private String logLines() {
        StringBuilder sb = new StringBuilder();
        for (Resource r : new Resource[] {a, b}) {
            if (r != null) {
                r.recentLog().forEach(l -> sb.append(r.settings().hostname()).append(": ").append(l).append('\n'));
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        for (Resource r : new Resource[] {a, b}) {
            if (r != null) {
                r.close();
            }
        }
    }
}
