package org.jvs.ldirectord.state;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ldirectord.alert.EmailAlerts;
import org.jvs.ldirectord.alert.MonitorFile;
import org.jvs.ldirectord.check.CheckResult;
import org.jvs.ldirectord.check.CheckTarget;
import org.jvs.ldirectord.check.Checks;
import org.jvs.ldirectord.check.HealthChecker;
import org.jvs.ldirectord.check.ProcessRunner;
import org.jvs.ldirectord.config.Addresses;
import org.jvs.ldirectord.config.FallbackConfig;
import org.jvs.ldirectord.config.LdirectordConfig;
import org.jvs.ldirectord.config.RealServerConfig;
import org.jvs.ldirectord.config.VirtualServiceConfig;
import org.jvs.ldirectord.log.LdLog;
import org.jvs.ldirectord.table.DirectorTable;
import org.jvs.ldirectord.table.TableException;
import org.jvs.ldirectord.table.TableService;

/**
 * Keeps the director's table true to the checks, with ldirectord's state machine: a real server
 * goes out (deleted, or weight 0 when quiescent) after {@code failurecount} consecutive failures
 * ("Soft failure ..." before), comes back with its configured weight on the first success; the
 * fallback server is added while no real server of a virtual is up and removed when one returns;
 * {@code fallbackcommand start|stop} runs on those transitions. {@link #start} is ldirectord's
 * {@code ld_start} (services added or changed, the table's real servers taken as the initial
 * state, untracked ones purged), {@link #stop} its {@code ld_stop} (cleanstop). All methods are
 * synchronized: check results arrive concurrently.
 */
public final class ServiceManager {
    private final DirectorTable table;
    private final TableEditor editor;
    private final LdLog log;
    private final MonitorFile monitor;
    private final ProcessRunner runner;
    private final Executor sideEffects;
    private final Checks checks;
    private LdirectordConfig config;
    private final Map<String, VirtualState> states = new HashMap<>();
    private final Map<String, CheckGroup> groups = new LinkedHashMap<>();
    private long generation;
    private boolean stopped;

    /**
     * @param sideEffects runs fallback commands one after the other, off the caller's thread
     */
    public ServiceManager(DirectorTable table, LdLog log, EmailAlerts mail, MonitorFile monitor, ProcessRunner runner,
                          Executor sideEffects, Checks checks, Clock clock) {
        this.table = table;
        this.editor = new TableEditor(table, log, mail, clock);
        this.log = log;
        this.monitor = monitor;
        this.runner = runner;
        this.sideEffects = sideEffects;
        this.checks = checks;
    }

    /** The per-virtual state ldirectord keeps in its virtual hashes. */
    private static final class VirtualState {
        final Set<String> up = new LinkedHashSet<>();
        boolean fallbackOn;
        String fallbackCommand;
    }

    /**
     * Takes over a configuration (at start and on reload): puts its services in the table, reads the
     * table's real servers as the initial state, purges what is not configured, and removes the
     * services of {@code previous} that the new configuration dropped. State from a previous
     * configuration is discarded, as ldirectord rebuilds it from the table.
     */
    public synchronized void start(LdirectordConfig next, LdirectordConfig previous) {
        config = next;
        stopped = false;
        generation++;
        states.clear();
        groups.clear();
        for (VirtualServiceConfig v : next.virtuals()) {
            states.put(v.id(), new VirtualState());
            for (RealServerConfig r : v.reals()) {
                String id = RealId.of(v, r);
                String key = next.fork() ? id + "|" + v.id() : id;
                Duration interval = Duration.ofSeconds(next.fork() && v.checkIntervalSec() > 0
                        ? v.checkIntervalSec() : next.checkIntervalSec());
                groups.computeIfAbsent(key, k -> new CheckGroup(k, id, new HealthChecker(CheckTarget.of(v, r), checks),
                        interval)).members().add(new CheckGroup.Member(v, r));
            }
        }
        Map<ServiceKey, TableService> old = new LinkedHashMap<>();
        try {
            for (TableService s : table.services()) {
                old.put(s.config().key(), s);
            }
        } catch (TableException e) {
            log.log("Could not read the director's table: " + e.getMessage());
        }
        for (VirtualServiceConfig v : next.virtuals()) {
            editor.putService(v, old.containsKey(v.serviceKey()));
        }
        Map<String, CheckGroup.Member> down = new LinkedHashMap<>();
        for (VirtualServiceConfig v : next.virtuals()) {
            Map<String, DestConfig> present = new LinkedHashMap<>();
            TableService s = old.remove(v.serviceKey());
            if (s != null) {
                s.reals().forEach(d -> present.put(Addresses.hostText(d.address()) + ":" + d.port(), d));
            }
            if (v.fallback() != null) {
                present.remove(v.fallback().text());
            }
            for (RealServerConfig r : v.reals()) {
                DestConfig d = present.remove(r.text());
                String downKey = v.id() + " " + r.text();
                if (d == null || d.weight() == 0) {
                    down.put(downKey, new CheckGroup.Member(v, r));
                } else {
                    down.remove(downKey);
                    set(group(v, r), true, true, false, CheckResult.NO_MESSAGE);
                }
            }
            for (DestConfig d : present.values()) {
                editor.purgeReal(v, d.address(), d.port(), "start");
            }
            fallbackOn(v);
        }
        for (CheckGroup.Member m : down.values()) {
            CheckGroup g = group(m.virtual(), m.real());
            if (!next.readdQuiescent()) {
                set(g, true, true, false, CheckResult.NO_MESSAGE);
            }
            set(g, false, true, false, CheckResult.NO_MESSAGE);
        }
        if (previous != null) {
            for (VirtualServiceConfig v : previous.virtuals()) {
                if (old.containsKey(v.serviceKey())) {
                    editor.purgeVirtual(v, "start");
                }
            }
        }
    }

    /** Counts the configurations taken over by {@link #start}: a new value means new {@link #groups}. */
    public synchronized long generation() {
        return generation;
    }

    /** The checks of the current configuration, one per distinct real-server check. */
    public synchronized List<CheckGroup> groups() {
        return List.copyOf(groups.values());
    }

    /** Applies one check outcome to every virtual service of the group. */
    public synchronized void apply(CheckGroup g, CheckResult r) {
        if (groups.get(g.key()) != g) {
            return;
        }
        set(g, r.up(), false, r.monitored(), r.message());
    }

    /** A real server with a maintenance file: forced down without a check. */
    public synchronized void maintenance(CheckGroup g) {
        if (groups.get(g.key()) == g) {
            set(g, false, true, true, "Server in maintenance");
        }
    }

    /**
     * Puts back what a restarted director lost: a configured virtual service missing from the
     * table is added again with its up real servers and active fallback. The table is looked at
     * without holding the lock, so check results keep flowing meanwhile; only a repair takes it.
     */
    public void reconcile() {
        LdirectordConfig seen;
        synchronized (this) {
            seen = stopped ? null : config;
        }
        if (seen == null || seen.virtuals().stream().allMatch(v -> editor.lookup(v).isPresent())) {
            return;
        }
        repair(seen);
    }

    private synchronized void repair(LdirectordConfig seen) {
        if (stopped || config != seen) {
            return;
        }
        for (VirtualServiceConfig v : config.virtuals()) {
            if (editor.lookup(v).isPresent()) {
                continue;
            }
            editor.putService(v, false);
            VirtualState s = states.get(v.id());
            for (RealServerConfig r : v.reals()) {
                if (s.up.contains(RealId.of(v, r))) {
                    editor.restore(v, r.address(), r.port(), r.forward(), r.weight(), TableEditor.REAL,
                            r.lowerThreshold(), r.upperThreshold());
                }
            }
            FallbackConfig fb = v.fallback();
            if (fb != null && s.fallbackOn) {
                editor.restore(v, fb.address(), fb.port(), fb.forward(), 1, TableEditor.FALLBACK, 0, 0);
            }
        }
    }

    /**
     * ldirectord's {@code ld_stop}: with cleanstop, the up real servers and the services are
     * deleted. Nothing is put back into the table afterwards ({@link #reconcile} is off).
     */
    public synchronized void stop() {
        if (config == null || stopped) {
            return;
        }
        stopped = true;
        for (VirtualServiceConfig v : config.virtuals()) {
            if (!v.cleanstop()) {
                continue;
            }
            VirtualState s = states.get(v.id());
            for (RealServerConfig r : v.reals()) {
                if (s.up.remove(RealId.of(v, r))) {
                    editor.purgeReal(v, r.address(), r.port(), "stop");
                }
            }
            editor.purgeVirtual(v, "stop");
        }
    }

    /** Whether the real server is up in the virtual service (tests and status pages). */
    public synchronized boolean isUp(VirtualServiceConfig v, RealServerConfig r) {
        VirtualState s = states.get(v.id());
        return s != null && s.up.contains(RealId.of(v, r));
    }

    /** ldirectord's {@code service_set}: one outcome for every member of the group. */
    private void set(CheckGroup g, boolean up, boolean force, boolean record, String message) {
        if (up) {
            up(g, force);
        } else {
            down(g, force);
        }
        if (record) {
            for (CheckGroup.Member m : g.members()) {
                if (m.virtual().monitorFile() != null) {
                    try {
                        monitor.record(m.virtual().monitorFile(), g.realId(), up, message);
                    } catch (IOException e) {
                        log.log("Error writing to monitorfile '" + m.virtual().monitorFile() + "': " + e.getMessage());
                    }
                }
            }
        }
    }

    private void up(CheckGroup g, boolean force) {
        if (g.failCount() > 0) {
            log.log("Resetting soft failure count: " + g.real().text() + " (" + g.members().getFirst().virtual().id() + ")");
        }
        g.setFailCount(0);
        for (CheckGroup.Member m : g.members()) {
            VirtualServiceConfig v = m.virtual();
            RealServerConfig r = m.real();
            if (!states.get(v.id()).up.add(g.realId()) && !force) {
                continue;
            }
            editor.restore(v, r.address(), r.port(), r.forward(), r.weight(), TableEditor.REAL, r.lowerThreshold(),
                    r.upperThreshold());
            fallbackOff(v);
        }
    }

    private void down(CheckGroup g, boolean force) {
        boolean anyUp = g.members().stream().anyMatch(m -> states.get(m.virtual().id()).up.contains(g.realId()));
        if (!anyUp && !force) {
            return;
        }
        g.setFailCount(g.failCount() + 1);
        for (CheckGroup.Member m : g.members()) {
            VirtualServiceConfig v = m.virtual();
            VirtualState s = states.get(v.id());
            boolean isUp = s.up.contains(g.realId());
            if (!isUp && !force) {
                continue;
            }
            if (!force && g.failCount() < v.check().failureCount()) {
                log.log("Soft failure real server: " + m.real().text() + " (" + v.id() + ") failure "
                        + g.failCount() + "/" + v.check().failureCount());
                continue;
            }
            s.up.remove(g.realId());
            editor.remove(v, m.real().address(), m.real().port(), m.real().forward(), TableEditor.REAL,
                    config.readdQuiescent());
            fallbackOn(v);
        }
    }

    private void fallbackOn(VirtualServiceConfig v) {
        VirtualState s = states.get(v.id());
        FallbackConfig fb = v.fallback();
        if (fb != null && s.up.isEmpty() && !s.fallbackOn) {
            s.fallbackOn = true;
            editor.restore(v, fb.address(), fb.port(), fb.forward(), 1, TableEditor.FALLBACK, 0, 0);
        }
        if (s.up.isEmpty()) {
            fallbackCommand(v, s, "start");
        }
    }

    private void fallbackOff(VirtualServiceConfig v) {
        VirtualState s = states.get(v.id());
        FallbackConfig fb = v.fallback();
        if (fb != null && (!s.up.isEmpty() || s.fallbackOn)) {
            s.fallbackOn = false;
            editor.remove(v, fb.address(), fb.port(), fb.forward(), TableEditor.FALLBACK, false);
        }
        if (!s.up.isEmpty()) {
            fallbackCommand(v, s, "stop");
        }
    }

    private void fallbackCommand(VirtualServiceConfig v, VirtualState s, String status) {
        if (status.equals(s.fallbackCommand)) {
            return;
        }
        s.fallbackCommand = status;
        if (v.fallbackCommand() == null) {
            return;
        }
        String server = v.isFwmark() ? "" : Addresses.hostText(v.address());
        String command = v.fallbackCommand() + " " + status + " " + server + ":" + v.port() + " " + v.protocol().word();
        sideEffects.execute(() -> {
            try {
                int rc = runner.shell(command);
                if (rc != 0) {
                    log.log("system(" + command + ") failed: exit status " + rc);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private CheckGroup group(VirtualServiceConfig v, RealServerConfig r) {
        String id = RealId.of(v, r);
        return groups.get(config.fork() ? id + "|" + v.id() : id);
    }
}
