package org.jvs.heartbeat.cluster;

import java.util.concurrent.TimeUnit;
import org.jvs.heartbeat.cluster.ResourceState.Phase;
import org.jvs.heartbeat.cluster.ResourceState.Standby;
import org.jvs.heartbeat.wire.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * heartbeat's haresources-mode resource protocol ({@code hb_resource.c} and the rc.d scripts it
 * runs): the start-up exchange ({@code starting}/{@code resource} with nice_failback, or
 * {@code ip-request}/{@code ip-request-resp} in legacy mode), takeover when a node dies
 * ({@code mach_down}), hand-off on shutdown ({@code shutdone}) and the resource audit. Standby and
 * auto failback live in {@link StandbyProtocol}. Decisions and their log lines follow heartbeat's so
 * the two can be compared; resource work runs as {@link Job}s. Not thread-safe (conductor only).
 */
public final class ResourceCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceCoordinator.class);
    /** heartbeat's RQSTDELAY: how long a node waits for a stable peer before taking its own groups. */
    static final long REQUEST_DELAY_NS = TimeUnit.SECONDS.toNanos(10);

    private final ResourceState s = new ResourceState();
    private final CoordinatorHost host;
    private final StandbyProtocol standby;
    private final String localNode;
    private final boolean niceFailback;
    private final boolean autoFailback;

    /**
     * @param host         the node running the protocol
     * @param localNode    our node name
     * @param niceFailback auto_failback on or off
     * @param autoFailback auto_failback on
     */
    public ResourceCoordinator(CoordinatorHost host, String localNode, boolean niceFailback, boolean autoFailback) {
        this.host = host;
        this.localNode = localNode;
        this.niceFailback = niceFailback;
        this.autoFailback = autoFailback;
        this.standby = new StandbyProtocol(s, host, this, localNode, niceFailback, autoFailback);
    }

    // ---- start-up ----------------------------------------------------------------------------

    /** Communications are up (every node heard from or declared dead): start claiming resources. */
    void commUp() {
        if (niceFailback) {
            host.send(Message.strings(Message.F_TYPE, "starting"));
            s.phase = Phase.STARTING;
        } else if (!s.resourcesRequestedYet) {
            s.resourcesRequestedYet = true;
            requestOurResources(false);
        }
    }

    /** A {@code starting}, {@code resource} or {@code shutdone} message ({@code process_resources}). */
    void processResources(Message m, boolean fromUs) {
        shutdownIfNeeded();
        if (!niceFailback) {
            return;
        }
        String type = m.type();
        Phase next = s.phase;
        if (type.equalsIgnoreCase("starting") && !fromUs) {
            switch (s.phase) {
                case RSCRCVD, STABLE, SHUTDOWN -> {
                }
                case STARTING -> next = Phase.BOTHSTARTING;
                default -> {
                    LOG.error("Received 'starting' message in state {}", s.phase.ordinal());
                    return;
                }
            }
            s.otherIsStable = false;
            if (s.takeoverInProgress) {
                LOG.warn("T_STARTING received during takeover.");
            }
            sendResourcesHeld(s.phase == Phase.STABLE, null);
        }
        if (type.equalsIgnoreCase("resource")) {
            String held = m.get(Message.F_RESOURCES).orElse(null);
            if (held == null) {
                LOG.error("resource message without rsc_hold field.");
                return;
            }
            int n = ResourceSet.parse(held);
            if (!ResourceSet.isName(held)) {
                LOG.error("encode_resources: bad resource type [{}]", held);
            }
            boolean full = m.get(Message.F_RTYPE).map("full"::equals).orElse(false);
            switch (s.phase) {
                case BOTHSTARTING, STARTING -> next = Phase.RSCRCVD;
                case RSCRCVD, STABLE, SHUTDOWN -> {
                }
                default -> {
                    LOG.error("resource message received in state {}", s.phase.ordinal());
                    return;
                }
            }
            if (!fromUs) {
                next = resourcesFromPeer(m, n, full, next);
            } else {
                next = resourcesFromUs(m, n, full, next);
            }
        }
        if (type.equalsIgnoreCase("shutdone")) {
            if (!fromUs) {
                // The other side says it is shutting down and holds nothing any more.
                s.otherIsStable = true;
                s.otherHolds = ResourceSet.NONE;
                if (s.iHold != ResourceSet.ALL && !s.shutdownInProgress) {
                    int set = switch (s.iHold) {
                        case ResourceSet.FOREIGN -> ResourceSet.LOCAL;
                        case ResourceSet.LOCAL -> ResourceSet.FOREIGN;
                        default -> ResourceSet.ALL;
                    };
                    s.goingStandby = Standby.DONE;
                    standby.goStandby(Standby.OTHER, set);
                }
            } else {
                next = Phase.SHUTDOWN;
                s.iHold = ResourceSet.NONE;
            }
        }
        s.phase = next;
        if (s.phase == Phase.RSCRCVD && s.localTakeoverDeadlineNs == 0) {
            s.localTakeoverDeadlineNs = host.nowNs() + REQUEST_DELAY_NS;
        }
        audit();
        shutdownIfNeeded();
    }

    private Phase resourcesFromPeer(Message m, int n, boolean full, Phase next) {
        s.otherHolds = ResourceSet.update(full, s.otherHolds, n);
        m.get(Message.F_ISSTABLE).ifPresent(stable -> {
            if (stable.equals("1")) {
                if (!s.otherIsStable) {
                    LOG.info("remote resource transition completed.");
                    s.otherIsStable = true;
                    sendResourcesHeld(s.phase == Phase.STABLE, null);
                    standby.performAutoFailback();
                }
            } else {
                s.otherIsStable = false;
            }
        });
        if (s.phase != Phase.STABLE && s.phase != Phase.SHUTDOWN && s.otherIsStable) {
            LOG.info("remote resource transition completed.");
            requestOurResources(false);
            next = Phase.STABLE;
            sendResourcesHeld(true, null);
            standby.performAutoFailback();
        }
        return next;
    }

    private Phase resourcesFromUs(Message m, int n, boolean full, Phase next) {
        s.iHold = ResourceSet.update(full, s.iHold, n);
        String comment = m.get(Message.F_COMMENT).orElse("");
        if (comment.equals("mach_down")) {
            LOG.info("mach_down takeover complete.");
            s.takeoverInProgress = false;
            s.iHold |= ResourceSet.FOREIGN;
            s.rscNeedsFailback = true;
            s.otherIsStable = true;
        } else if (comment.equals("shutdown")) {
            s.phase = Phase.SHUTDOWN;
            return Phase.SHUTDOWN;
        }
        return next;
    }

    /** {@code req_our_resources}: acquire our own groups unless someone already holds them. */
    void requestOurResources(boolean getThemAnyway) {
        if (s.shutdownInProgress) {
            return;
        }
        if (niceFailback) {
            boolean someoneHasThem = (s.otherHolds & ResourceSet.FOREIGN) != 0 || (s.iHold & ResourceSet.LOCAL) != 0;
            if (someoneHasThem && !getThemAnyway && s.goingStandby == Standby.NOT) {
                LOG.info("Local Resource acquisition completed. (none)");
                return;
            }
            // Claimed now, or the peer could take them on an interim resource message.
            s.iHold |= ResourceSet.LOCAL;
        }
        int upcount = host.activeNodes() + (host.localActive() ? 0 : 1);
        // Alone in the cluster, or with nice_failback, nobody is asked (HA_DONTASK).
        submit(new Job.RequestOurResources(upcount < 2 || niceFailback));
    }

    // ---- node death and takeover -------------------------------------------------------------

    /** {@code hb_rsc_recover_dead_resources}: a cluster node was declared dead. */
    void nodeDied(String node, boolean anyPacketsYet, boolean hadResources) {
        if (s.goingStandby != Standby.NOT) {
            LOG.info("Cancelling pending standby operation");
            s.goingStandby = Standby.NOT;
            s.standbyDeadlineNs = 0;
            if (!s.otherIsStable && s.iHold == ResourceSet.ALL) {
                s.otherIsStable = true;
            }
            shutdownIfNeeded();
        }
        if (s.shutdownInProgress) {
            switch (s.phase) {
                case SHUTDOWN, STABLE -> {
                    return;
                }
                default -> {
                    giveUpResources();
                    return;
                }
            }
        }
        s.rscNeedsFailback = true;
        // If we never heard from them they may hold resources: we cannot know.
        boolean needStonith = true;
        if (anyPacketsYet) {
            if (niceFailback) {
                needStonith = s.otherHolds != ResourceSet.NONE;
            } else {
                needStonith = hadResources;
            }
        }
        if (needStonith) {
            sendStonith(node, "n_stnth");
            LOG.warn("No STONITH device configured.");
            LOG.warn("Shared disks are not protected.");
            takeoverFrom(node);
            return;
        }
        LOG.info("Dead node {} gave up resources.", node);
        sendStonith(node, "unneeded");
        if (!niceFailback) {
            takeoverFrom(node);
            return;
        }
        if (s.iHold == ResourceSet.ALL) {
            s.otherIsStable = true;
            return;
        }
        if ((s.iHold & ResourceSet.LOCAL) == 0) {
            requestOurResources(true);
        }
        if ((s.iHold & ResourceSet.FOREIGN) == 0) {
            takeoverFrom(node);
        }
    }

    /** {@code takeover_from_node}: run mach_down for the node and claim our own groups too. */
    void takeoverFrom(String node) {
        if (s.shutdownInProgress) {
            LOG.info("Resource takeover cancelled - shutdown in progress.");
            shutdownIfNeeded();
            return;
        }
        LOG.info("Resources being acquired from {}.", node);
        submit(new Job.MachDown(node));
        if (niceFailback) {
            s.iHold |= ResourceSet.FOREIGN;
            s.otherHolds = ResourceSet.NONE;
            s.otherIsStable = true;
            s.takeoverInProgress = true;
        }
        requestOurResources(true);
    }

    private void sendStonith(String node, String result) {
        host.send(Message.strings(Message.F_TYPE, "stonith", "node", node, "result", result));
    }

    // ---- legacy ip-request and hb_takeover ---------------------------------------------------

    /** {@code rc.d/ip-request}: a peer (legacy mode) asks us to release a group. */
    void onIpRequest(Message m) {
        String key = m.get("ipaddr").orElse("");
        String from = m.source();
        if (key.isEmpty() || from.equals(localNode)) {
            return;
        }
        submit(new Job.ReleaseForPeer(key, from));
    }

    /** {@code rc.d/ip-request-resp}: the answer to our request (or our own nice_failback shortcut). */
    void onIpRequestResponse(Message m) {
        String key = m.get("ipaddr").orElse("");
        if (key.isEmpty() || !m.get(Message.F_TO).orElse("").equals(localNode)) {
            return;
        }
        LOG.info("received ip-request-resp {} {} {}", key, m.get("ok").orElse(""), m.get("weown").orElse(""));
        if (m.get("ok").orElse("").equals("OK")) {
            submit(new Job.TakeGroup(key));
        }
    }

    /** {@code rc.d/hb_takeover}: the peer wants our groups, so we go standby for the mirror set. */
    void onTakeoverRequest(Message m) {
        if (m.source().equals(localNode)) {
            return;
        }
        // heartbeat maps all to all and swaps local and foreign; anything else runs a bare
        // hb_standby, which means all.
        String set = switch (m.get(Message.F_RESOURCES).orElse("")) {
            case "local" -> "foreign";
            case "foreign" -> "local";
            default -> "all";
        };
        requestStandby(set);
    }

    /** {@code hb_standby SET}: ask to give up {@code set} (all, local, foreign). */
    public void requestStandby(String set) {
        LOG.info("Going standby [{}].", set);
        host.send(Message.strings(Message.F_TYPE, "ask_resources", Message.F_RESOURCES, set,
                Message.F_COMMENT, "me"));
    }

    /** {@code hb_takeover SET}: ask the peer to give us {@code set}. */
    public void requestTakeover(String set) {
        host.send(Message.strings(Message.F_TYPE, "hb_takeover", Message.F_RESOURCES, set));
    }

    void onAskResources(Message m) {
        standby.onAskResources(m);
    }

    // ---- shutdown ------------------------------------------------------------------------------

    /** Whether a shutdown request is waiting for resource activity to finish. */
    void shutdownIfNeeded() {
        if (s.rscNeedsShutdown) {
            giveUpResources();
        }
    }

    /** {@code hb_giveup_resources}: release everything (once stable), then send shutdone. */
    void giveUpResources() {
        if (!s.isStable(niceFailback)) {
            if (!s.rscNeedsShutdown) {
                LOG.warn("Shutdown delayed until current resource activity finishes.");
                s.rscNeedsShutdown = true;
            }
            return;
        }
        s.rscNeedsShutdown = false;
        s.shutdownInProgress = true;
        if (s.resourceShutdownInProgress) {
            LOG.info("Heartbeat shutdown already underway.");
            return;
        }
        s.resourceShutdownInProgress = true;
        s.iHold = ResourceSet.NONE;
        s.phase = Phase.SHUTDOWN;
        if (niceFailback) {
            sendResourcesHeld(false, "shutdown");
        }
        LOG.info("Heartbeat shutdown in progress. ({})", ProcessHandle.current().pid());
        submit(new Job.GiveUpAll());
    }

    /** Whether a shutdown has begun. */
    boolean shuttingDown() {
        return s.shutdownInProgress;
    }

    // ---- jobs ------------------------------------------------------------------------------

    void submit(Job job) {
        s.jobsRunning++;
        host.submit(job);
    }

    /** A job finished: send what heartbeat's child would send at its end. */
    void jobDone(JobOutcome outcome) {
        s.jobsRunning--;
        switch (outcome.job()) {
            case Job.RequestOurResources r -> {
                for (String key : outcome.keysToRequest()) {
                    host.send(Message.strings(Message.F_TYPE, "ip-request", "ipaddr", key));
                }
                LOG.info("Local Resource acquisition completed.");
                sendResourcesHeld(true, "req_our_resources()");
            }
            case Job.MachDown d -> {
                if (niceFailback) {
                    LOG.info("mach_down: nice_failback: foreign resources acquired");
                    host.send(Message.strings(Message.F_TYPE, "resource", Message.F_RESOURCES, "foreign",
                            Message.F_COMMENT, "mach_down"));
                }
                LOG.info("mach_down takeover complete for node {}.", d.node());
            }
            case Job.Standby st -> standby.standbyJobDone(st);
            case Job.GiveUpAll g -> {
                LOG.info("All HA resources relinquished.");
                host.send(Message.strings(Message.F_TYPE, "shutdone", Message.F_STATUS, "dead"));
            }
            case Job.TakeGroup t -> {
            }
            case Job.ReleaseForPeer r -> host.send(Message.strings(Message.F_TYPE, "ip-request-resp",
                    Message.F_TO, r.requester(), "ipaddr", r.key(), "weown", outcome.weOwned() ? "yes" : "no",
                    "ok", "OK"));
        }
        shutdownIfNeeded();
    }

    /** A {@code shutdone} message: ours ends our shutdown, a peer's hands its groups to us. */
    void onShutdone(Message m, boolean fromUs, boolean commUp) {
        if (commUp) {
            processResources(m, fromUs);
        }
        if (fromUs) {
            host.shutdownComplete();
            return;
        }
        s.otherIsStable = false;
        s.otherHolds = ResourceSet.NONE;
        LOG.info("Received shutdown notice from '{}'.", m.source());
        takeoverFrom(m.source());
    }

    // ---- timers and reports -------------------------------------------------------------------

    /** Timers: a node stuck waiting for a stable peer takes its own groups after RQSTDELAY. */
    void onTick(long nowNs) {
        standby.onTick(nowNs);
        if (niceFailback && s.phase == Phase.RSCRCVD && nowNs - s.localTakeoverDeadlineNs > 0) {
            s.phase = Phase.STABLE;
            requestOurResources(false);
            LOG.info("local resource transition completed.");
            sendResourcesHeld(true, null);
            audit();
        }
    }

    /** Sends the "I hold resources" report (nice_failback only). */
    void sendResourcesHeld(boolean stable, String comment) {
        if (!niceFailback) {
            return;
        }
        Message m = Message.strings(Message.F_TYPE, "resource", Message.F_RESOURCES, ResourceSet.name(s.iHold),
                Message.F_RTYPE, "full", Message.F_ISSTABLE, stable ? "1" : "0");
        host.send(comment == null ? m : m.with(Message.F_COMMENT, comment));
    }

    /** {@code AuditResources}: complain about duplicated or orphaned resources. */
    private void audit() {
        if (!niceFailback) {
            return;
        }
        if ((s.iHold & ResourceSet.LOCAL) != 0 && (s.otherHolds & ResourceSet.FOREIGN) != 0) {
            LOG.error("Both machines own our resources!");
        }
        if ((s.otherHolds & ResourceSet.LOCAL) != 0 && (s.iHold & ResourceSet.FOREIGN) != 0) {
            LOG.error("Both machines own foreign resources!");
        }
        if (s.isStable(true) && !s.shutdownInProgress && s.phase != Phase.SHUTDOWN) {
            if ((s.iHold & ResourceSet.LOCAL) == 0 && (s.otherHolds & ResourceSet.FOREIGN) == 0) {
                LOG.error("No one owns our local resources!");
            }
            if ((s.otherHolds & ResourceSet.LOCAL) == 0 && (s.iHold & ResourceSet.FOREIGN) == 0) {
                LOG.error("No one owns foreign resources!");
            }
        }
    }

    /** The resources we hold, or "transition" while anything is moving ({@code hb_rsc_resource_state}). */
    public String resourceState() {
        return s.isStable(niceFailback) ? ResourceSet.name(s.iHold) : "transition";
    }

    /** The set we believe we hold (heartbeat's i_hold_resources). */
    public int held() {
        return s.iHold;
    }

    /** Whether no resource activity is under way. */
    public boolean stable() {
        return s.isStable(niceFailback);
    }
}
