package org.jvs.heartbeat.cluster;

import java.util.ArrayList;
import java.util.List;
import org.jvs.heartbeat.config.HaResources;
import org.jvs.heartbeat.config.ResourceGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link Job} the way heartbeat's scripts do ({@code req_resource}, {@code mach_down},
 * {@code go_standby}, {@code hb_giveup_resources}, {@code rc.d/ip-request*}) against the groups of
 * haresources. Runs on the job thread; blocking is expected. Stateless apart from its collaborators.
 */
public final class JobExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(JobExecutor.class);

    private final HaResources resources;
    private final String localNode;
    private final GroupOperations groups;

    public JobExecutor(HaResources resources, String localNode, GroupOperations groups) {
        this.resources = resources;
        this.localNode = localNode;
        this.groups = groups;
    }

    /** Runs {@code job} to completion. */
    public JobOutcome run(Job job) {
        return switch (job) {
            case Job.RequestOurResources r -> requestOurResources(r);
            case Job.MachDown d -> {
                if (!d.node().equals(localNode)) {
                    for (ResourceGroup g : resources.groupsOf(d.node())) {
                        LOG.info("Taking over resource group {}", g.key());
                        groups.take(g.key());
                    }
                }
                yield JobOutcome.done(job);
            }
            case Job.Standby s -> {
                for (ResourceGroup g : select(s.actResources())) {
                    if (s.acquire()) {
                        groups.take(g.key());
                    } else {
                        groups.give(g.key());
                    }
                }
                yield JobOutcome.done(job);
            }
            case Job.GiveUpAll g -> {
                LOG.info("Giving up all HA resources.");
                for (ResourceGroup group : resources.groups()) {
                    groups.give(group.key());
                }
                yield JobOutcome.done(job);
            }
            case Job.TakeGroup t -> {
                groups.take(t.key());
                yield JobOutcome.done(job);
            }
            case Job.ReleaseForPeer r -> {
                boolean owned = groups.isRunning(r.key());
                if (owned) {
                    groups.give(r.key());
                }
                yield new JobOutcome(job, List.of(), owned);
            }
        };
    }

    private JobOutcome requestOurResources(Job.RequestOurResources r) {
        List<String> ask = new ArrayList<>();
        List<ResourceGroup> ours = resources.groupsOf(localNode);
        if (ours.isEmpty()) {
            LOG.info("No local resources to acquire.");
        }
        for (ResourceGroup g : ours) {
            if (groups.isRunning(g.key())) {
                continue;
            }
            if (r.dontAsk()) {
                groups.take(g.key());
            } else {
                ask.add(g.key());
            }
        }
        return new JobOutcome(r, ask, false);
    }

    private List<ResourceGroup> select(int set) {
        return switch (set) {
            case ResourceSet.LOCAL -> resources.groupsOf(localNode);
            case ResourceSet.FOREIGN -> resources.groupsNotOf(localNode);
            case ResourceSet.ALL -> resources.groups();
            default -> List.of();
        };
    }
}
