package org.jvs.heartbeat.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jvs.heartbeat.config.AutoFailback;
import org.jvs.heartbeat.config.HaConfig;
import org.jvs.heartbeat.wire.ControlFields;
import org.jvs.heartbeat.wire.Decoded;
import org.jvs.heartbeat.wire.Message;
import org.jvs.heartbeat.wire.TransmitHistory;
import org.jvs.heartbeat.wire.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One heartbeat node, the conductor of its parts: heartbeats every keepalive, the message pipeline
 * (decode and authenticate, {@link Inbound} checks, dispatch; our own messages processed as soon as
 * they are sent, as heartbeat does), {@link Membership}, retransmission answers and the resource
 * protocol. Every input arrives through an {@code on*} method with the monotonic time; nothing here
 * reads a clock, so failover runs on a fake clock in tests. Not thread-safe: one thread drives it.
 */
public final class ClusterNode implements CoordinatorHost, Membership.Events, Inbound.Actions {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** heartbeat raises its advertised dead time by 2 s for the first 5 s after start-up. */
    private static final long START_BOOST_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long START_BOOST_FOR_NS = TimeUnit.SECONDS.toNanos(5);
    /** Our own shutdone is followed by the final shutdown phase one second later. */
    private static final long FINAL_SHUTDOWN_DELAY_NS = TimeUnit.SECONDS.toNanos(1);
    /** After a healed partition heartbeat restarts itself two seconds later. */
    private static final long PARTITION_RESTART_DELAY_NS = TimeUnit.SECONDS.toNanos(2);
    private static final String PROTOCOL_VERSION = "1";

    private final HaConfig cfg;
    private final ControlFields stamp;
    private final Network net;
    private final JobRunner jobs;
    private final HostInfo host;
    private final TransmitHistory history;
    private final Membership membership;
    private final Inbound inbound;
    private final ResourceCoordinator coordinator;
    private final Ipfail ipfail;
    private final NodeState self;
    private final long keepaliveNs;
    private final long deadtimeNs;
    private WireCodec codec;
    private long now;
    private long lastTickNs;
    private long nextStatusNs;
    private long boostUntilNs;
    private boolean commUp;
    private boolean shutdownPending;
    private long finalShutdownNs;
    private long restartAtNs;
    private boolean restartRequested;
    private boolean finished;

    /**
     * @param cfg    ha.cf
     * @param codec  signs and verifies with authkeys
     * @param stamp  our identity and sequence counter
     * @param net    the media
     * @param jobs   runs resource work and reports back through {@link #onJobDone}
     * @param host   wall clock and load average for message stamps
     * @param random jitter for retransmission requests and the acknowledgement offsets
     */
    public ClusterNode(HaConfig cfg, WireCodec codec, ControlFields stamp, Network net, JobRunner jobs, HostInfo host,
                       RandomGenerator random) {
        this.cfg = cfg;
        this.codec = codec;
        this.stamp = stamp;
        this.net = net;
        this.jobs = jobs;
        this.host = host;
        this.keepaliveNs = TimeUnit.MILLISECONDS.toNanos(cfg.keepaliveMs());
        this.deadtimeNs = TimeUnit.MILLISECONDS.toNanos(cfg.deadtimeMs());
        this.history = new TransmitHistory(cfg.maxRexmitDelayMs());
        this.membership = new Membership(cfg, random, this);
        this.self = membership.self();
        this.inbound = new Inbound(membership, cfg.localNode(), stamp.uuid(), cfg.maxRexmitDelayMs(), random, this);
        this.coordinator = new ResourceCoordinator(this, cfg.localNode(), cfg.autoFailback().niceFailback(),
                cfg.autoFailback() == AutoFailback.ON);
        this.ipfail = cfg.ipfail() && !cfg.pingNodes().isEmpty() ? new Ipfail(this, coordinator, cfg) : null;
    }

    // ---- inputs ----------------------------------------------------------------------------

    /** Starts heartbeating: status init, then up, as heartbeat does once its children run. */
    public void start(long nowNs) {
        now = nowNs;
        lastTickNs = nowNs;
        membership.restartTimers(nowNs);
        self.deadtimeNs = deadtimeNs + START_BOOST_NS;
        boostUntilNs = nowNs + START_BOOST_FOR_NS;
        sendStatus();
        setLocalStatus(NodeState.UP);
        sendStatus();
        nextStatusNs = nowNs + keepaliveNs;
    }

    /** A datagram arrived on {@code medium}. */
    public void onDatagram(byte[] buf, int off, int len, String medium, long nowNs) {
        now = nowNs;
        Decoded d = codec.decode(buf, off, len);
        if (d instanceof Decoded.Rejected r) {
            inbound.rejected(r, medium, nowNs);
            return;
        }
        Message m = ((Decoded.Accepted) d).message();
        if (m.source().equals(cfg.localNode())) {
            // Our own broadcast coming back: already processed when sent.
            return;
        }
        process(m, medium, false);
        checkCommUp();
    }

    /** A ping node answered. */
    public void onPingReply(String pingNode, long nowNs) {
        now = nowNs;
        NodeState n = membership.node(pingNode);
        if (n != null && n.ping) {
            membership.onPingReply(n, nowNs);
            checkCommUp();
        }
    }

    /** Periodic work: heartbeats, dead nodes, retransmission requests, resource timers. */
    public void onTick(long nowNs) {
        now = nowNs;
        if (nowNs - lastTickNs > deadtimeNs / 2) {
            // We did not run for a long while (process stopped, VM paused): do not blame the peers.
            LOG.warn("Local processing was stalled for {} ms; restarting the peers' dead timers",
                    TimeUnit.NANOSECONDS.toMillis(nowNs - lastTickNs));
            membership.restartTimers(nowNs);
        }
        lastTickNs = nowNs;
        if (boostUntilNs != 0 && nowNs - boostUntilNs >= 0) {
            boostUntilNs = 0;
            self.deadtimeNs = deadtimeNs;
            sendStatus();
        }
        if (nowNs - nextStatusNs >= 0) {
            sendStatus();
            // After a stall, resume the rhythm from now rather than sending a burst.
            nextStatusNs = nowNs - nextStatusNs >= keepaliveNs ? nowNs + keepaliveNs : nextStatusNs + keepaliveNs;
        }
        membership.checkForTimeouts(nowNs, commUp);
        inbound.sendDueRequests(nowNs, this::send);
        checkCommUp();
        if (commUp) {
            coordinator.onTick(nowNs);
        }
        if (ipfail != null) {
            ipfail.onTick(nowNs);
        }
        if (restartAtNs != 0 && nowNs - restartAtNs >= 0) {
            restartAtNs = 0;
            restartRequested = true;
            LOG.info("Giving up resources and restarting after the partition healed.");
            coordinator.giveUpResources();
        }
        if (finalShutdownNs != 0 && nowNs - finalShutdownNs >= 0) {
            finalShutdownNs = 0;
            sendStatus();
            LOG.info("{} Heartbeat shutdown complete.", cfg.localNode());
            finished = true;
        }
    }

    /** A resource job finished. */
    public void onJobDone(JobOutcome outcome, long nowNs) {
        now = nowNs;
        coordinator.jobDone(outcome);
    }

    // ---- commands ----------------------------------------------------------------------------

    /** {@code hb_standby SET}. */
    public void standby(String set, long nowNs) {
        now = nowNs;
        coordinator.requestStandby(set);
    }

    /** {@code hb_takeover SET}. */
    public void takeover(String set, long nowNs) {
        now = nowNs;
        coordinator.requestTakeover(set);
    }

    /** A graceful stop: give up every group, tell the peer (shutdone), then finish. */
    public void shutdown(long nowNs) {
        now = nowNs;
        if (!commUp) {
            if (!shutdownPending) {
                LOG.warn("Shutdown delayed until Communication is up.");
            }
            shutdownPending = true;
            return;
        }
        if (!coordinator.shuttingDown()) {
            sendStatus();
            coordinator.giveUpResources();
        }
    }

    /** Switches to re-read authkeys (a reload): new keys sign from now on and are accepted. */
    public void replaceCodec(WireCodec newCodec) {
        this.codec = newCodec;
    }

    /** Whether every node has been heard from or declared dead (heartbeat's COMM_LINKSUP). */
    public boolean commUp() {
        return commUp;
    }

    /** Whether a shutdown has completed and the daemon may exit (or restart, see {@link #restartRequested}). */
    public boolean finished() {
        return finished;
    }

    /** Whether the shutdown that finished should be followed by a fresh start (a healed partition). */
    public boolean restartRequested() {
        return restartRequested;
    }

    /** Our view of the cluster. */
    public ClusterView view() {
        return new ClusterView(cfg.localNode(), self.status, coordinator.resourceState(), coordinator.held(),
                membership.statuses(), membership.links(), stamp.generation(), inbound.dropCounts());
    }

    /** Datagrams dropped so far, by reason (replays included). */
    public Map<String, Long> dropCounts() {
        return inbound.dropCounts();
    }

    // ---- CoordinatorHost, Inbound.Actions ----------------------------------------------------

    @Override
    public void send(Message m) {
        Message stamped = stamp.stamp(m, host.wallClockSeconds(), host.loadAverage());
        byte[] datagram = codec.encode(stamped, cfg.messageFormat());
        stamped.get(Message.F_SEQ).ifPresent(seq -> history.add(Long.parseLong(seq, 16), datagram));
        net.sendAll(datagram);
        process(stamped, null, true);
    }

    @Override
    public void submit(Job job) {
        jobs.submit(job);
    }

    @Override
    public int activeNodes() {
        return membership.count(false, NodeState.ACTIVE);
    }

    @Override
    public int deadNodes() {
        return membership.count(false, NodeState.DEAD);
    }

    @Override
    public boolean localActive() {
        return self.status.equals(NodeState.ACTIVE);
    }

    @Override
    public long nowNs() {
        return now;
    }

    @Override
    public void shutdownComplete() {
        finalShutdownNs = now + FINAL_SHUTDOWN_DELAY_NS;
    }

    @Override
    public void partitionHealed(NodeState n) {
        LOG.error("Cluster node {} returning after partition. Deadtime value may be too small.", n.name);
        // Both sides may hold the same groups now; heartbeat gives everything up and restarts.
        if (restartAtNs == 0 && !restartRequested) {
            sendStatus();
            restartAtNs = now + PARTITION_RESTART_DELAY_NS;
        }
    }

    // ---- Membership.Events -------------------------------------------------------------------

    @Override
    public void nodeDied(NodeState n) {
        if (!n.ping) {
            coordinator.nodeDied(n.name, n.anyPacketsYet, n.hasResources);
        }
        inbound.forget(n.name);
        if (ipfail != null) {
            ipfail.onNodeStatus(n.name, n.ping, NodeState.DEAD);
        }
    }

    @Override
    public void statusChanged(NodeState n) {
        if (ipfail != null) {
            ipfail.onNodeStatus(n.name, n.ping, n.status);
        }
    }

    @Override
    public void linkDied(NodeState n) {
        if (ipfail != null) {
            ipfail.onLinkDead(n.name);
        }
    }

    /** The ping nodes currently answering (for ipfail). */
    int pingNodesUp() {
        return membership.count(true, NodeState.PING);
    }

    // ---- message pipeline --------------------------------------------------------------------

    /** heartbeat's process_clustermsg. */
    private void process(Message m, String medium, boolean local) {
        String type = m.type();
        String from = m.source();
        Optional<String> ts = m.get(Message.F_TIME);
        if (from.isEmpty() || ts.isEmpty() || type.isEmpty()) {
            LOG.error("process_clustermsg: missing from/ts/type: {}", m);
            return;
        }
        long seq = 0;
        if (!ControlFields.unsequenced(type)) {
            seq = m.get(Message.F_SEQ).map(ClusterNode::parseHex).orElse(-1L);
            if (seq <= 0) {
                LOG.error("process_clustermsg: missing or bad seqno from {}", from);
                return;
            }
        }
        long msgtime = parseHex(ts.get());
        if (msgtime <= 0) {
            return;
        }
        NodeState node = membership.node(from);
        if (node == null || node.ping) {
            LOG.error("process_status_message: bad node [{}] in message", from);
            return;
        }
        node.anyPacketsYet = true;
        if (!local && !inbound.accept(node, m, seq, medium, now)) {
            return;
        }
        dispatch(node, m, msgtime, seq, local);
    }

    private void dispatch(NodeState node, Message m, long msgtime, long seq, boolean local) {
        switch (m.type()) {
            case "status" -> membership.onStatus(node, m, msgtime, seq, now);
            case "NS_rexmit" -> {
                if (!local) {
                    answerRetransmission(node, m);
                }
            }
            case "reqnodes" -> {
                if (!local) {
                    // heartbeat's node list: every name followed by a blank.
                    StringBuilder list = new StringBuilder();
                    cfg.nodes().forEach(n -> list.append(n).append(' '));
                    send(Message.strings(Message.F_TO, node.name, Message.F_TYPE, "repnodes", "nodelist",
                            list.toString(), "delnodelist", " "));
                }
            }
            case "shutdone" -> {
                if (!local) {
                    node.hasResources = false;
                }
                coordinator.onShutdone(m, local, commUp);
            }
            // heartbeat registers the resource protocol's handlers only once communications are up.
            case "starting", "resource" -> {
                if (commUp) {
                    coordinator.processResources(m, local);
                }
            }
            case "ask_resources" -> {
                if (commUp) {
                    coordinator.onAskResources(m);
                }
            }
            case "ip-request" -> {
                if (commUp) {
                    coordinator.onIpRequest(m);
                }
            }
            case "ip-request-resp" -> {
                if (commUp) {
                    coordinator.onIpRequestResponse(m);
                }
            }
            case "hb_takeover" -> {
                if (commUp) {
                    coordinator.onTakeoverRequest(m);
                }
            }
            default -> {
                if (ipfail != null && !local) {
                    ipfail.onMessage(m);
                }
            }
        }
    }

    private void answerRetransmission(NodeState node, Message m) {
        // heartbeat writes the range with %d (decimal), unlike every other number it sends.
        long first = atoi(m.get(Message.F_FIRSTSEQ).orElse(""));
        long last = atoi(m.get(Message.F_LASTSEQ).orElse(""));
        if (first <= 0 || last <= 0 || first > last) {
            LOG.error("Invalid rexmit seqnos from {}", node.name);
            return;
        }
        TransmitHistory.Answer a = history.answer(node.name, first, last, now);
        for (byte[] d : a.resend()) {
            net.sendAll(d);
        }
        for (Message nak : a.naks()) {
            LOG.error("Cannot rexmit pkt {} for {}: {}", nak.get(Message.F_FIRSTSEQ).orElse("?"), node.name,
                    nak.get(Message.F_COMMENT).orElse(""));
            send(nak);
        }
    }

    // ---- local status and communications -----------------------------------------------------

    private void sendStatus() {
        send(Message.strings(Message.F_TYPE, "status", Message.F_STATUS, self.status, Message.F_DT,
                Long.toHexString(TimeUnit.NANOSECONDS.toMillis(self.deadtimeNs)), Message.F_PROTOCOL,
                PROTOCOL_VERSION));
    }

    private void setLocalStatus(String status) {
        if (!status.equals(self.status)) {
            self.status = status;
            sendStatus();
            LOG.info("Local status now set to: '{}'", status);
        }
    }

    /** heartbeat's check_comm_isup and comm_now_up: once everyone was heard from or died, go active. */
    private void checkCommUp() {
        if (commUp || !membership.allHeardFrom()) {
            return;
        }
        commUp = true;
        LOG.info("Comm_now_up(): updating status to {}", NodeState.ACTIVE);
        setLocalStatus(NodeState.ACTIVE);
        coordinator.commUp();
        if (ipfail != null) {
            ipfail.onCommUp();
        }
        if (shutdownPending) {
            shutdownPending = false;
            shutdown(now);
        }
    }

    /** {@code %lx}: hex digits (stopping at the first other character); -1 when there are none. */
    static long parseHex(String s) {
        if (s.isEmpty() || s.length() > 15) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return i == 0 ? -1 : v;
            }
            v = v * 16 + d;
        }
        return v;
    }

    /** C's atoi on a field heartbeat writes with %d. */
    private static long atoi(String s) {
        long v = 0;
        for (int i = 0; i < s.length() && i < 18 && Character.isDigit(s.charAt(i)); i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
