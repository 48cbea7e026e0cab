package org.jvs.heartbeat.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.jvs.common.PidFile;
import org.jvs.common.RunDirectory;
import org.jvs.heartbeat.cluster.ClusterNode;
import org.jvs.heartbeat.cluster.ClusterView;
import org.jvs.heartbeat.cluster.JobExecutor;
import org.jvs.heartbeat.config.ConfigException;
import org.jvs.heartbeat.config.ConfigLoader;
import org.jvs.heartbeat.config.HeartbeatConfig;
import org.jvs.heartbeat.resource.AgentFactory;
import org.jvs.heartbeat.resource.BuiltInServices;
import org.jvs.heartbeat.resource.CommandRunner;
import org.jvs.heartbeat.resource.DrbdExportDevices;
import org.jvs.heartbeat.resource.InProcessDrbdadm;
import org.jvs.heartbeat.resource.MountTable;
import org.jvs.heartbeat.resource.PacketArpAnnouncer;
import org.jvs.heartbeat.resource.ResourceManager;
import org.jvs.heartbeat.transport.MediumChannel;
import org.jvs.heartbeat.transport.UdpNetwork;
import org.jvs.heartbeat.wire.ControlFields;
import org.jvs.heartbeat.wire.NodeIdentityStore;
import org.jvs.heartbeat.wire.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat daemon in the foreground: opens the media, the control socket and the PID file in
 * its state directory, runs the node on the {@link Conductor} until a graceful stop completes
 * (restarting in place after a healed partition, as heartbeat does), and releases everything on
 * the way out. Not thread-safe: {@link #run} is called once.
 */
public final class HeartbeatDaemon {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatDaemon.class);
    /** The LSB init directory searched after resource.d. */
    private static final Path INIT_DIRECTORY = Path.of("/etc/init.d");
    /** This process's mount table (Filesystem's status). */
    private static final Path PROC_MOUNTS = Path.of("/proc/mounts");
    /** How long a single resource script action may run (heartbeat has no limit; jvs kills hung scripts). */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    /** The environment variable choosing what a stuck resource stop does: reboot (default) or halt. */
    public static final String FAILED_STOP_ENV = "JVS_HEARTBEAT_FAILED_STOP";

    private final HeartbeatConfig config;
    private final Path stateDirectory;
    private final Map<String, String> environment;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Conductor conductor;
    private volatile ClusterNode node;

    /**
     * @param config         the validated configuration
     * @param stateDirectory where the PID file, control socket, generation and UUID live
     * @param environment    the process environment (for {@value #FAILED_STOP_ENV} and the run directory
     *                       of the DRBD volumes Filesystem attaches)
     */
    public HeartbeatDaemon(HeartbeatConfig config, Path stateDirectory, Map<String, String> environment) {
        this.config = config;
        this.stateDirectory = stateDirectory;
        this.environment = Map.copyOf(environment);
    }

    /** The control socket of a daemon using {@code stateDirectory}. */
    public static Path controlSocket(Path stateDirectory) {
        return stateDirectory.resolve("heartbeat.sock");
    }

    /** The PID file of a daemon using {@code stateDirectory}. */
    public static PidFile pidFile(Path stateDirectory) {
        return new PidFile(stateDirectory.resolve("heartbeat.pid"));
    }

    /** Runs until stopped; returns the process exit code. */
    public int run() throws IOException {
        java.nio.file.Files.createDirectories(stateDirectory);
        PidFile pid = pidFile(stateDirectory);
        pid.writeCurrent();
        Conductor c = new Conductor();
        conductor = c;
        try {
            config.haCf().warnings().forEach(w -> LOG.warn(w));
            runWith(c);
        } finally {
            c.close();
            pid.removeIfOurs();
            stopped.countDown();
        }
        return 0;
    }

    /** Opens the media and everything else, and runs the node until it has finished. */
    // The ping probes and the control socket are opened in the try only to be closed with the loop.
    @SuppressWarnings("try")
    private void runWith(Conductor c) throws IOException {
        NodeIdentityStore identity = new NodeIdentityStore(stateDirectory);
        byte[] uuid = identity.uuid();
        UdpNetwork net = UdpNetwork.open(config.haCf().media());
        for (MediumChannel ch : net.channels()) {
            c.register(ch);
        }
        CommandRunner runner = new CommandRunner(scriptEnvironment());
        RunDirectory runDirectory = RunDirectory.fromEnvironment(environment);
        BuiltInServices builtIns = new BuiltInServices(new PacketArpAnnouncer(), new InProcessDrbdadm(SCRIPT_TIMEOUT),
                new DrbdExportDevices(runDirectory), new MountTable(PROC_MOUNTS), HeartbeatDaemon::sleep,
                runDirectory.path());
        ResourceManager rm = new ResourceManager(config.resources(), config.haCf().localNode(),
                new AgentFactory(config.resourceDirectory(), INIT_DIRECTORY, runner, builtIns, SCRIPT_TIMEOUT),
                HeartbeatDaemon::sleep, this::failedStop,
                (set, delayMs) -> c.schedule(TimeUnit.MILLISECONDS.toNanos(delayMs), now -> node.standby(set, now)));
        JobExecutor executor = new JobExecutor(config.resources(), config.haCf().localNode(), rm);
        LOG.info("Configuration validated. Starting heartbeat (jvs) on {}", config.haCf().localNode());
        try (net; SerialJobRunner jobs = new SerialJobRunner(executor, o -> c.post(now -> node.onJobDone(o, now)));
             PingProbes pings = new PingProbes(config.haCf().pingNodes(), config.haCf().keepaliveMs(),
                     name -> c.post(now -> node.onPingReply(name, now)));
             ControlServer control = new ControlServer(controlSocket(stateDirectory), line -> command(line, rm));
             RespawnSupervisor children = new RespawnSupervisor(config.haCf().respawns(), () -> failedStop("failfast"))) {
            Thread hook = Thread.ofPlatform().unstarted(this::stopFromSignal);
            Runtime.getRuntime().addShutdownHook(hook);
            boolean restart;
            do {
                long generation = identity.nextGeneration(System.currentTimeMillis() / 1000);
                LOG.info("Heartbeat generation: {}", generation);
                ClusterNode n = new ClusterNode(config.haCf(), new WireCodec(config.authKeys()),
                        new ControlFields(config.haCf().localNode(), uuid, generation, config.haCf().ttl()), net,
                        jobs, new SystemHostInfo(), RandomGenerator.getDefault());
                node = n;
                n.start(System.nanoTime());
                c.run(new Conductor.Target() {
                    @Override
                    public void onDatagram(byte[] buf, int len, String medium, long nowNs) {
                        n.onDatagram(buf, 0, len, medium, nowNs);
                    }

                    @Override
                    public void onTick(long nowNs) {
                        n.onTick(nowNs);
                        if (n.commUp()) {
                            children.startOnce();
                        }
                    }

                    @Override
                    public boolean finished() {
                        return n.finished();
                    }
                });
                restart = n.restartRequested();
                if (restart) {
                    LOG.info("Heartbeat restart triggered.");
                }
            } while (restart);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already exiting because of a signal: the hook is waiting for us.
            }
        }
    }

    /** SIGTERM/SIGINT: shut down gracefully (hand the groups over) before the JVM exits. */
    private void stopFromSignal() {
        Conductor c = conductor;
        if (c == null) {
            return;
        }
        c.post(now -> node.shutdown(now));
        try {
            // heartbeat gives a graceful stop an hour before it gets drastic; systemd's stop timeout
            // usually ends it sooner.
            stopped.await(1, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ControlReply command(String line, ResourceManager rm) {
        String[] w = line.split("\\s+");
        return switch (w[0]) {
            case "STATUS" -> status(rm);
            case "STOP" -> {
                conductor.post(now -> node.shutdown(now));
                yield new ControlReply(0, "");
            }
            case "STANDBY", "TAKEOVER" -> {
                String set = w.length > 1 ? w[1] : "all";
                conductor.post(now -> {
                    if (w[0].equals("STANDBY")) {
                        node.standby(set, now);
                    } else {
                        node.takeover(set, now);
                    }
                });
                yield new ControlReply(0, "");
            }
            case "RELOAD" -> reload();
            default -> new ControlReply(2, "unknown command " + w[0] + "\n");
        };
    }

    private ControlReply status(ResourceManager rm) {
        CompletableFuture<ClusterView> view = new CompletableFuture<>();
        conductor.post(now -> view.complete(node.view()));
        try {
            return new ControlReply(0, StatusReport.render(view.get(5, TimeUnit.SECONDS), config,
                    key -> rm.isRunning(key)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ControlReply(1, "interrupted\n");
        } catch (ExecutionException | TimeoutException e) {
            return new ControlReply(1, "heartbeat: no answer from the daemon\n");
        }
    }

    /** Re-reads the configuration; new authkeys take effect, other changes need a restart. */
    private ControlReply reload() {
        try {
            HeartbeatConfig fresh = new ConfigLoader(config.directory()).load();
            conductor.post(now -> node.replaceCodec(new WireCodec(fresh.authKeys())));
            boolean same = fresh.haCf().equals(config.haCf()) && fresh.resources().equals(config.resources());
            LOG.info("Reloaded authkeys from {}", config.directory());
            return new ControlReply(0, same ? "" : "ha.cf or haresources changed: restart heartbeat to apply\n");
        } catch (ConfigException e) {
            return new ControlReply(6, e.getMessage() + "\nconfiguration not reloaded\n");
        } catch (IOException e) {
            return new ControlReply(1, e.getMessage() + "\n");
        }
    }

    private Map<String, String> scriptEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("HA_CURHOST", config.haCf().localNode());
        env.put("HA_DIR", config.directory().toString());
        env.put("HA_FUNCS", config.directory().resolve("shellfuncs").toString());
        env.put("HA_RESOURCEDIR", config.resourceDirectory().toString());
        config.haCf().logfile().ifPresent(f -> env.put("HA_LOGFILE", f));
        config.haCf().debugfile().ifPresent(f -> env.put("HA_DEBUGLOG", f));
        config.haCf().logfacility().ifPresent(f -> env.put("HA_LOGFACILITY", f));
        return env;
    }

    /** ResourceManager's RecoverFromFailedStop. */
    private void failedStop(String resource) {
        LOG.error("CRIT: Killing heartbeat ungracefully!");
        if ("halt".equals(environment.get(FAILED_STOP_ENV))) {
            Runtime.getRuntime().halt(1);
        }
        CommandRunner.Result r = new CommandRunner(Map.of()).run(java.util.List.of("reboot", "-nf"),
                Duration.ofSeconds(30));
        if (!r.ok()) {
            LOG.error("CRIT: Unable to force reboot.");
        }
        Runtime.getRuntime().halt(1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
