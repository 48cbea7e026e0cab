package org.jvs.heartbeat.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jvs.heartbeat.cluster.GroupOperations;
import org.jvs.heartbeat.config.HaResources;
import org.jvs.heartbeat.config.ResourceGroup;
import org.jvs.heartbeat.config.ResourceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * heartbeat's ResourceManager: a group is taken by starting its resources left to right, skipping
 * those already running; a failed start gives the whole group up again (right to left) and asks
 * for a standby 30 s later. A group is given up by stopping right to left, each failed stop retried
 * once a second up to {@value #STOP_RETRY_MAX} times; a resource that still will not stop and still
 * reports running needs the machine rebooted ({@link FailedStopAction}), one that reports stopped
 * only earns a warning. Blocking; runs on the job thread. Thread-safe as long as the job thread is
 * the only caller.
 */
public final class ResourceManager implements GroupOperations {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceManager.class);
    /** HA_STOPRETRYMAX. */
    public static final int STOP_RETRY_MAX = 10;
    private static final long STOP_RETRY_PAUSE_MS = 1000;
    /** After a failed start, hb_standby runs this much later. */
    public static final long STANDBY_AFTER_FAILURE_MS = 30_000;

    /** Waits between stop retries (a real sleep, or nothing in tests). */
    public interface Pause {
        void sleep(long ms);
    }

    /** ResourceManager's RecoverFromFailedStop: the resource is stuck running and must not stay so. */
    public interface FailedStopAction {
        void recover(String resource);
    }

    /** Asks for {@code hb_standby SET} after a delay (the conductor owns the clock). */
    public interface DelayedStandby {
        void request(String set, long delayMs);
    }

    private final HaResources resources;
    private final String localNode;
    private final AgentFactory agents;
    private final Pause pause;
    private final FailedStopAction failedStop;
    private final DelayedStandby delayedStandby;

    public ResourceManager(HaResources resources, String localNode, AgentFactory agents, Pause pause,
                           FailedStopAction failedStop, DelayedStandby delayedStandby) {
        this.resources = resources;
        this.localNode = localNode;
        this.agents = agents;
        this.pause = pause;
        this.failedStop = failedStop;
        this.delayedStandby = delayedStandby;
    }

    @Override
    public boolean isRunning(String key) {
        return group(key).map(g -> agents.agentFor(g.resources().get(0)).running()).orElse(false);
    }

    @Override
    public void take(String key) {
        Optional<ResourceGroup> g = group(key);
        if (g.isEmpty()) {
            return;
        }
        LOG.info("Acquiring resource group: {} {}", g.get().node(), line(g.get()));
        for (ResourceSpec spec : g.get().resources()) {
            ResourceAgent agent = agents.agentFor(spec);
            if (agent.running()) {
                continue;
            }
            LOG.info("Running {} start", agent.describe());
            CommandRunner.Result r = agent.start();
            debug(agent, "start", r);
            if (!r.ok()) {
                LOG.error("Return code {} from {}", r.exitCode(), agent.describe());
                LOG.error("CRIT: Giving up resources due to failure of {}", spec.text());
                giveUp(g.get());
                // ResourceManager intends the group's own side: local for our groups, foreign else.
                delayedStandby.request(g.get().node().equals(localNode) ? "local" : "foreign",
                        STANDBY_AFTER_FAILURE_MS);
                return;
            }
        }
    }

    @Override
    public void give(String key) {
        group(key).ifPresent(this::giveUp);
    }

    private void giveUp(ResourceGroup g) {
        LOG.info("Releasing resource group: {} {}", g.node(), line(g));
        List<ResourceSpec> reversed = new ArrayList<>(g.resources());
        java.util.Collections.reverse(reversed);
        for (ResourceSpec spec : reversed) {
            ResourceAgent agent = agents.agentFor(spec);
            LOG.info("Running {} stop", agent.describe());
            CommandRunner.Result r = agent.stop();
            debug(agent, "stop", r);
            for (int retries = 0; !r.ok() && retries < STOP_RETRY_MAX; retries++) {
                LOG.error("Return code {} from {}", r.exitCode(), agent.describe());
                pause.sleep(STOP_RETRY_PAUSE_MS);
                LOG.info("Retrying failed stop operation [{}]", spec.text());
                r = agent.stop();
                debug(agent, "stop", r);
            }
            if (!r.ok()) {
                if (agent.running()) {
                    LOG.error("CRIT: Resource STOP failure. Reboot required!");
                    failedStop.recover(spec.text());
                } else {
                    LOG.error("Resource script for {} probably not LSB-compliant.", spec.text());
                    LOG.warn("it ({}) MUST succeed on a stop when already stopped", spec.text());
                    LOG.warn("Machine reboot narrowly avoided!");
                }
            }
        }
    }

    private Optional<ResourceGroup> group(String key) {
        Optional<ResourceGroup> g = resources.group(key);
        if (g.isEmpty()) {
            LOG.error("No resource group with key [{}] in {}", key, resources.file());
        }
        return g;
    }

    private static String line(ResourceGroup g) {
        return String.join(" ", g.resources().stream().map(ResourceSpec::text).toList());
    }

    private static void debug(ResourceAgent agent, String action, CommandRunner.Result r) {
        if (!r.stderr().isBlank() || !r.stdout().isBlank()) {
            LOG.debug("{} {} done. RC={} stdout=[{}] stderr=[{}]", agent.describe(), action, r.exitCode(),
                    r.stdout().strip(), r.stderr().strip());
        }
    }
}
