package org.jvs.heartbeat.cluster;

import java.util.concurrent.TimeUnit;
import org.jvs.heartbeat.cluster.ResourceState.Phase;
import org.jvs.heartbeat.cluster.ResourceState.Standby;
import org.jvs.heartbeat.wire.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * heartbeat's "STANDBY 3-phased protocol" ({@code ask_for_resources}, {@code go_standby}) and auto
 * failback, which is a standby of the foreign set requested by the node holding it. Every message is
 * {@code t=ask_resources rsc_hold=SET info=me|other|done}: the node giving up says "me", its peer
 * answers "other", the giver releases and says "done", the taker acquires and says "done". Works
 * only with nice_failback (auto_failback on/off). Not thread-safe (conductor only).
 */
final class StandbyProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(StandbyProtocol.class);
    /** Wait for the first reply (heartbeat's STANDBY_INIT_TO_MS). */
    static final long INIT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** Wait for resource handling (heartbeat's HB_STANDBY_RSC_TO_MS, an hour). */
    static final long RESOURCE_TIMEOUT_NS = TimeUnit.HOURS.toNanos(1);
    private static final long FAILBACK_RETRY_NS = TimeUnit.SECONDS.toNanos(1);

    private final ResourceState s;
    private final CoordinatorHost host;
    private final ResourceCoordinator coordinator;
    private final String localNode;
    private final boolean niceFailback;
    private final boolean autoFailback;

    StandbyProtocol(ResourceState s, CoordinatorHost host, ResourceCoordinator coordinator, String localNode,
                    boolean niceFailback, boolean autoFailback) {
        this.s = s;
        this.host = host;
        this.coordinator = coordinator;
        this.localNode = localNode;
        this.niceFailback = niceFailback;
        this.autoFailback = autoFailback;
    }

    /** An ask_resources message, from us or the peer. */
    void onAskResources(Message m) {
        if (!niceFailback) {
            LOG.info("Standby mode only implemented when nice_failback on");
            return;
        }
        if (s.phase == Phase.SHUTDOWN) {
            LOG.debug("standby message ignored during shutdown");
            return;
        }
        String info = m.get(Message.F_COMMENT).orElse(null);
        String from = m.get(Message.F_ORIG).orElse(null);
        int rtype = m.get(Message.F_RESOURCES).map(ResourceSet::parse).orElse(ResourceSet.ALL);
        if (info == null || from == null) {
            LOG.error("Received standby message without info/from");
            return;
        }
        boolean fromMe = from.equals(localNode);
        long now = host.nowNs();
        Standby before = s.goingStandby;
        if (s.standbyDeadlineNs != 0 && now - s.standbyDeadlineNs < 0 && info.equalsIgnoreCase("me")) {
            long secondsLeft = (TimeUnit.NANOSECONDS.toMillis(s.standbyDeadlineNs - now) + 999) / 1000;
            LOG.warn("Standby in progress- new request from {} ignored [{} seconds left]", from, secondsLeft);
            return;
        }
        boolean ignored = false;
        switch (s.goingStandby) {
            case NOT -> {
                if (!s.otherIsStable) {
                    LOG.warn("standby message [{}] from {} ignored.  Other side is in flux.", info, from);
                    return;
                }
                if (s.phase != Phase.STABLE) {
                    LOG.warn("standby message [{}] from {} ignored.  local resources in flux.", info, from);
                    return;
                }
                s.standbySet = rtype;
                if (info.equalsIgnoreCase("me")) {
                    s.otherIsStable = false;
                    LOG.info("{} wants to go standby [{}]", from, ResourceSet.name(rtype));
                    if (fromMe) {
                        s.standbyDeadlineNs = now + INIT_TIMEOUT_NS;
                        s.goingStandby = Standby.ME;
                    } else {
                        s.goingStandby = Standby.OTHER;
                        sendStandbyMessage(Standby.OTHER);
                        s.standbyDeadlineNs = now + RESOURCE_TIMEOUT_NS;
                    }
                } else {
                    ignored = true;
                }
            }
            case ME -> {
                if (!fromMe) {
                    s.standbySet = rtype;
                    s.standbyDeadlineNs = now + RESOURCE_TIMEOUT_NS;
                    if (info.equalsIgnoreCase("other")) {
                        LOG.info("standby: {} can take our {} resources", from, ResourceSet.name(rtype));
                        goStandby(Standby.ME, rtype);
                    } else {
                        ignored = true;
                    }
                } else if (info.equalsIgnoreCase("done")) {
                    LOG.info("Local standby process completed [{}].", ResourceSet.name(rtype));
                    s.goingStandby = Standby.DONE;
                    s.iHold &= ~s.standbySet;
                    s.standbyDeadlineNs = now + RESOURCE_TIMEOUT_NS;
                } else {
                    ignored = true;
                }
            }
            case OTHER -> {
                s.standbySet = rtype;
                if (info.equalsIgnoreCase("done")) {
                    s.standbyDeadlineNs = now + RESOURCE_TIMEOUT_NS;
                    if (!fromMe) {
                        LOG.info("standby: acquire [{}] resources from {}", ResourceSet.name(rtype), from);
                        goStandby(Standby.OTHER, s.standbySet);
                        s.goingStandby = Standby.DONE;
                    } else {
                        ignored = true;
                    }
                } else if (!fromMe || !info.equalsIgnoreCase("other")) {
                    ignored = true;
                }
            }
            case DONE -> {
                s.standbySet = rtype;
                if (info.equals("done")) {
                    s.standbyDeadlineNs = 0;
                    s.goingStandby = Standby.NOT;
                    if (fromMe) {
                        LOG.info("Standby resource acquisition done [{}].", ResourceSet.name(rtype));
                        int acquired = switch (rtype) {
                            case ResourceSet.LOCAL -> ResourceSet.FOREIGN;
                            case ResourceSet.FOREIGN -> ResourceSet.LOCAL;
                            case ResourceSet.ALL -> ResourceSet.ALL;
                            default -> ResourceSet.NONE;
                        };
                        s.iHold |= acquired;
                    } else {
                        LOG.info("Other node completed standby takeover of {} resources.", ResourceSet.name(rtype));
                    }
                    coordinator.sendResourcesHeld(true, null);
                    s.goingStandby = Standby.NOT;
                } else {
                    ignored = true;
                }
            }
        }
        if (ignored) {
            LOG.error("Ignored standby message '{}' from {} in state {}", info, from, before.ordinal());
        }
        coordinator.shutdownIfNeeded();
    }

    /** {@code go_standby}: give up (ME) or acquire (OTHER) the groups of {@code set}. */
    void goStandby(Standby who, int set) {
        if (who == Standby.ME) {
            // They are about to pick up our resources, so they are no longer stable.
            s.otherIsStable = false;
            s.iHold &= ~set;
            coordinator.sendResourcesHeld(false, "standby");
        }
        int act = switch (set) {
            case ResourceSet.FOREIGN -> who == Standby.ME ? ResourceSet.FOREIGN : ResourceSet.LOCAL;
            case ResourceSet.LOCAL -> who == Standby.ME ? ResourceSet.LOCAL : ResourceSet.FOREIGN;
            case ResourceSet.ALL -> ResourceSet.ALL;
            default -> ResourceSet.NONE;
        };
        if (act == ResourceSet.NONE) {
            LOG.error("no resources to {}", who == Standby.ME ? "give up" : "acquire");
            return;
        }
        LOG.info("{} {} HA resources (standby).", who == Standby.ME ? "give up" : "acquire", ResourceSet.name(act));
        coordinator.submit(new Job.Standby(who != Standby.ME, act, s.standbySet));
    }

    /** A standby job finished: tell the cluster. */
    void standbyJobDone(Job.Standby job) {
        LOG.info("{} HA resource {} completed (standby).", ResourceSet.name(job.actResources()),
                job.acquire() ? "acquisition" : "release");
        host.send(Message.strings(Message.F_TYPE, "ask_resources", Message.F_RESOURCES,
                ResourceSet.name(job.standbySet()), Message.F_COMMENT, Standby.DONE.word));
    }

    void sendStandbyMessage(Standby state) {
        host.send(Message.strings(Message.F_TYPE, "ask_resources", Message.F_RESOURCES,
                ResourceSet.name(s.standbySet), Message.F_COMMENT, state.word));
    }

    /** {@code PerformAutoFailback}: hand foreign groups back once both sides are stable. */
    void performAutoFailback() {
        if (s.shutdownInProgress || (s.iHold & ResourceSet.FOREIGN) == 0 || !s.rscNeedsFailback || !autoFailback) {
            s.rscNeedsFailback = false;
            coordinator.shutdownIfNeeded();
            return;
        }
        if (s.goingStandby != Standby.NOT || !s.otherIsStable || s.phase != Phase.STABLE) {
            LOG.debug("Auto failback delayed.");
            s.autoFailbackRetryNs = host.nowNs() + FAILBACK_RETRY_NS;
            return;
        }
        LOG.debug("Auto failback triggered.");
        s.failbackInProgress = true;
        s.standbySet = ResourceSet.FOREIGN;
        sendStandbyMessage(Standby.ME);
        s.rscNeedsFailback = false;
    }

    /** Timers: the standby exchange's timeout and a delayed auto failback. */
    void onTick(long nowNs) {
        if (s.standbyDeadlineNs != 0 && nowNs - s.standbyDeadlineNs >= 0) {
            s.standbyDeadlineNs = 0;
            s.otherIsStable = true;
            s.goingStandby = Standby.NOT;
            LOG.warn("No reply to standby request.  Standby request cancelled.");
            coordinator.shutdownIfNeeded();
        }
        if (s.autoFailbackRetryNs != 0 && nowNs - s.autoFailbackRetryNs >= 0) {
            s.autoFailbackRetryNs = 0;
            performAutoFailback();
        }
    }
}
