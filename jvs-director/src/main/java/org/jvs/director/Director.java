package org.jvs.director;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jvs.common.PidFile;
import org.jvs.director.control.TableControl;
import org.jvs.director.dataplane.Forwarder;
import org.jvs.director.kernel.NftablesDiversion;
import org.jvs.ipvs.conn.ConnectionTable;
import org.jvs.ipvs.conn.IpvsCore;
import org.jvs.ipvs.conn.ServiceLookup;
import org.jvs.ipvs.sched.Schedulers;
import org.jvs.ipvs.service.VirtualServerTable;
import org.jvs.ipvs.stats.Stats;
import org.jvs.ipvsadm.cli.Ipvsadm;
import org.jvs.ipvsadm.control.socket.ControlServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running director: the virtual-server table, the connection core and the thread that owns it,
 * the 2-second rate estimator, and the control socket ipvsadm talks to. {@link #start} brings it
 * up completely or not at all; {@link #close} removes everything it created.
 */
public final class Director implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Director.class);
    /** The PID file's name in the run directory. */
    public static final String PID_FILE = "director.pid";

    private final DirectorOptions options;
    private final VirtualServerTable table;
    private final IpvsCore core;
    private final TableControl control;
    private final DataPlaneLoop loop;
    private final Forwarder forwarder;
    private final NftablesDiversion diversion;
    private volatile Consumer<Exception> onFailure = e -> { };
    private long divertedGeneration = -1;
    /** Firewall-mark services already warned about (the data plane does not forward them). */
    private final java.util.Set<Integer> warnedMarks = new java.util.HashSet<>();
    private final ScheduledExecutorService housekeeper;
    private final PidFile pidFile;
    private ControlServer server;

    private Director(DirectorOptions options) throws IOException {
        this.options = options;
        this.table = new VirtualServerTable(Schedulers::create);
        ConnectionTable connections = new ConnectionTable(options.connTabBits(), options.maxConnections(),
                System.nanoTime() * 0x9E37_79B9_7F4A_7C15L);
        this.core = new IpvsCore(connections, ServiceLookup.of(table), new Stats());
        core.setSysctls(options.sysctls());
        // A deleted real server's connections go the kernel's way: expire_nodest_conn decides.
        table.onRealServerRemoved(core.control()::destRemoved);
        this.control = new TableControl(table, core, connections.hashSize(), this::divertQuietly);
        if (options.interfaces().isEmpty()) {
            this.forwarder = null;
            this.diversion = null;
            this.loop = new DataPlaneLoop(core, DataPlaneLoop.NO_PACKETS, 0, this::failed);
        } else {
            this.forwarder = Forwarder.open(options.interfaces(), table, core);
            this.diversion = new NftablesDiversion(List.of("nft"));
            this.loop = new DataPlaneLoop(core, new DataPlaneLoop.DutyCycle() {
                @Override
                public int doWork(long nowNs) throws IOException {
                    return forwarder.doWork(nowNs);
                }

                @Override
                public void idle() throws IOException {
                    forwarder.awaitFrames(1);
                }
            }, options.busyPollMicros() * 1_000L, this::failed);
        }
        this.housekeeper = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("jvs-housekeeper").daemon(true).unstarted(r));
        this.pidFile = new PidFile(options.runDirectory().resolve(PID_FILE));
    }

    /**
     * Starts a director: restores the rules file (a parse error aborts the start), then opens the
     * control socket, writes the PID file and starts the data-plane and housekeeping threads.
     *
     * @throws DirectorStartException with an operator-readable reason when anything fails
     */
    public static Director start(DirectorOptions options, PrintStream err) throws DirectorStartException {
        Director d;
        try {
            d = new Director(options);
        } catch (IOException | RuntimeException e) {
            throw new DirectorStartException("cannot open the interfaces " + options.interfaces() + ": " + e.getMessage(), e);
        }
        try {
            d.restoreRules(err);
            options.runDirectory().create();
            if (new PidFile(options.runDirectory().resolve(PID_FILE)).status() == PidFile.Status.RUNNING) {
                throw new DirectorStartException("a director is already running in " + options.runDirectory().path());
            }
            d.server = ControlServer.start(options.runDirectory().directorSocket(), d.control);
            d.pidFile.writeCurrent();
            if (d.diversion != null) {
                d.divert();
                LOG.info("forwarding on {}; installed nftables table '{}' so the kernel leaves virtual-service"
                        + " traffic and NAT replies to jvs (removed at stop)", options.interfaces(), NftablesDiversion.TABLE);
                d.housekeeper.scheduleWithFixedDelay(d::divertQuietly, 100, 100, TimeUnit.MILLISECONDS);
            }
            d.loop.start();
            if (d.forwarder != null) {
                d.housekeeper.scheduleWithFixedDelay(d::reloadRoutesQuietly, 1, 1, TimeUnit.SECONDS);
            }
            d.housekeeper.scheduleAtFixedRate(new RateEstimatorTask(d.table), RateEstimatorTask.PERIOD_MS,
                    RateEstimatorTask.PERIOD_MS, TimeUnit.MILLISECONDS);
            LOG.info("director started; control socket {}", options.runDirectory().directorSocket());
            return d;
        } catch (IOException | RuntimeException e) {
            d.close();
            throw new DirectorStartException("cannot start the director: " + e.getMessage(), e);
        } catch (DirectorStartException e) {
            d.close();
            throw e;
        }
    }

    private void restoreRules(PrintStream err) throws DirectorStartException, IOException {
        if (options.rulesFile() == null) {
            return;
        }
        if (!Files.isReadable(options.rulesFile())) {
            throw new DirectorStartException("cannot read rules file " + options.rulesFile());
        }
        try (InputStream in = Files.newInputStream(options.rulesFile())) {
            int rc = Ipvsadm.run(new String[] {"-R"}, in, err, err, () -> control);
            if (rc != 0) {
                throw new DirectorStartException("restoring " + options.rulesFile() + " failed (ipvsadm -R exit " + rc + ")");
            }
        }
    }

    /** Re-installs the nftables diversion when the table changed since the last time. */
    private synchronized void divert() throws IOException {
        if (diversion == null) {
            return;
        }
        long g = table.generation();
        if (g != divertedGeneration) {
            diversion.apply(table.services());
            divertedGeneration = g;
            warnAboutFirewallMarks();
        }
    }

    /**
     * A firewall-mark service is kept, listed and saved like any other, but packets are read before
     * netfilter sets marks, so the data plane cannot match them: say so once per mark rather than
     * let its traffic vanish without a word.
     */
    private void warnAboutFirewallMarks() {
        for (var svc : table.services()) {
            if (svc.key().isFwmark() && warnedMarks.add(svc.key().fwmark())) {
                LOG.warn("FWM {}: firewall-mark services are kept in the table but not forwarded by the jvs data plane"
                        + " (it sees packets before netfilter marks them); use address:port services", svc.key().fwmark());
            }
        }
    }

    private void divertQuietly() {
        try {
            divert();
        } catch (IOException e) {
            failed(e);
        }
    }

    /** The kernel's routes, read each second for the data plane; a failed read keeps the last ones. */
    private void reloadRoutesQuietly() {
        try {
            forwarder.reloadRoutes();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not read the kernel's routes, keeping the last ones: {}", e.getMessage());
        }
    }

    private void failed(Exception e) {
        LOG.error("data plane failed: {}", e.getMessage());
        onFailure.accept(e);
    }

    /** Called once if packet forwarding fails for good (an interface vanished); the caller should stop. */
    public void onFailure(Consumer<Exception> callback) {
        this.onFailure = callback;
    }

    /** The packet forwarder, or null without a data plane. */
    public Forwarder forwarder() {
        return forwarder;
    }

    /** The table (for in-process users such as the demo and tests). */
    public VirtualServerTable table() {
        return table;
    }

    /** The connection core. */
    public IpvsCore core() {
        return core;
    }

    /** The operations ipvsadm performs, in-process. */
    public TableControl control() {
        return control;
    }

    /** Stops the threads, closes the socket and removes the socket and PID files. */
    @Override
    public void close() {
        housekeeper.shutdownNow();
        control.stopDaemons();
        try {
            loop.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (forwarder != null) {
                forwarder.close();
            }
            if (diversion != null) {
                diversion.close();
            }
            if (server != null) {
                server.close();
            }
            pidFile.removeIfOurs();
        } catch (IOException e) {
            LOG.warn("cleaning up the run directory: {}", e.getMessage());
        }
    }
}
