package org.jvs.ldirectord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jvs.ldirectord.alert.EmailAlerts;
import org.jvs.ldirectord.check.ProcessRunner;
import org.jvs.ldirectord.config.ConfigException;
import org.jvs.ldirectord.config.ConfigParser;
import org.jvs.ldirectord.config.DaemonStatus;
import org.jvs.ldirectord.config.LdirectordConfig;
import org.jvs.ldirectord.config.NameResolver;
import org.jvs.ldirectord.log.LdLog;
import org.jvs.ldirectord.state.CheckScheduler;
import org.jvs.ldirectord.state.Maintenance;
import org.jvs.ldirectord.state.ServiceManager;

/**
 * One running ldirectord: takes over the table at start (one full check pass while "starting"),
 * then keeps checking; rereads the configuration on request (SIGHUP) or, with autoreload, when the
 * file changed — keeping the running configuration when the new one has errors; puts services back
 * when the director comes back empty (looked for in the background); resends alert reminders; and
 * on stop applies cleanstop.
 * {@link #step} does one round of that without waiting, so tests drive it on a fake clock;
 * {@link #run} loops until {@link #requestStop}. Thread-safe.
 */
public final class LdirectordDaemon {
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final ConfigParser parser;
    private final ServiceManager manager;
    private final CheckScheduler scheduler;
    private final EmailAlerts mail;
    private final LdLog log;
    private final Clock clock;
    private final NameResolver resolver;
    private final ProcessRunner runner;
    private final ConfigWatcher watcher;
    private final Object wake = new Object();
    private volatile LdirectordConfig config;
    private volatile DaemonStatus status = DaemonStatus.STARTING;
    private volatile boolean reloadRequested;
    private volatile boolean stopRequested;
    /** A wake-up that arrived while the loop was not waiting; guarded by {@code wake}. */
    private boolean woken;
    private Instant lastHousekeeping;
    private final AtomicBoolean reconciling = new AtomicBoolean();

    /** The scheduler must run the checks of {@code manager}; the daemon wakes on {@link #wake()}. */
    public LdirectordDaemon(LdirectordConfig config, ConfigParser parser, ServiceManager manager,
                            CheckScheduler scheduler, EmailAlerts mail, LdLog log, Clock clock,
                            NameResolver resolver, ProcessRunner runner) {
        this.config = config;
        this.parser = parser;
        this.manager = manager;
        this.scheduler = scheduler;
        this.mail = mail;
        this.log = log;
        this.clock = clock;
        this.resolver = resolver;
        this.runner = runner;
        this.watcher = new ConfigWatcher(config.file());
    }

    /** The daemon's phase, as alert mails report it. */
    public DaemonStatus status() {
        return status;
    }

    /** The configuration in force. */
    public LdirectordConfig config() {
        return config;
    }

    /** Takes over the table and runs the first full check pass. */
    public void start() throws InterruptedException {
        status = DaemonStatus.STARTING;
        watcher.changed();
        takeOver(config, null);
        status = DaemonStatus.RUNNING;
    }

    /**
     * One round: due checks, and at most once a second the housekeeping — a pending reload, the
     * configuration file, a restarted director, alert reminders.
     */
    public void step() throws InterruptedException {
        Instant now = clock.instant();
        if (lastHousekeeping != null && now.isBefore(lastHousekeeping.plus(IDLE_POLL)) && !reloadRequested) {
            scheduler.runDue();
            return;
        }
        lastHousekeeping = now;
        if (reloadRequested) {
            reloadRequested = false;
            log.log("Reloading Linux Director Daemon config on signal");
            reload();
        }
        if (watcher.changed()) {
            log.log("Configuration file '" + config.file() + "' has changed on disk");
            if (config.autoreload()) {
                log.log(" - reread new configuration");
                reload();
            } else {
                log.log(" - ignore new configuration");
            }
            String callback = config.callback();
            if (callback != null && Files.isExecutable(Path.of(callback))) {
                int rc = runner.shell(callback + " " + config.file());
                if (rc != 0) {
                    log.log("system(" + callback + " " + config.file() + ") failed: exit status " + rc);
                }
            }
        }
        reconcileInBackground();
        scheduler.runDue();
        mail.resend();
    }

    /**
     * Looks for a restarted director off this thread: reading the table takes a round trip per
     * virtual service, during which the checks falling due must still start on time.
     */
    private void reconcileInBackground() {
        if (!reconciling.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("ldirectord-reconcile").start(() -> {
            try {
                manager.reconcile();
            } finally {
                reconciling.set(false);
            }
        });
    }

    /** Runs until {@link #requestStop}, then stops (cleanstop). */
    public void run() throws InterruptedException {
        try {
            while (!stopRequested) {
                step();
                await();
            }
        } finally {
            stop();
        }
    }

    /** Asks for a configuration reload at the next round (SIGHUP). */
    public void requestReload() {
        reloadRequested = true;
        wake();
    }

    /** Asks the loop to end (SIGTERM). */
    public void requestStop() {
        stopRequested = true;
        wake();
    }

    /** Wakes the loop early (a check fell due earlier, a signal arrived). */
    public void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void stop() {
        status = DaemonStatus.STOPPING;
        manager.stop();
        scheduler.close();
    }

    private void await() throws InterruptedException {
        Instant now = clock.instant();
        Instant next = scheduler.nextDue().orElse(now.plus(IDLE_POLL));
        long millis = Math.max(1, Math.min(IDLE_POLL.toMillis(), Duration.between(now, next).toMillis()));
        synchronized (wake) {
            // A wake-up between reading nextDue and here must not be slept through.
            if (!woken && !stopRequested && !reloadRequested) {
                wake.wait(millis);
            }
            woken = false;
        }
    }

    private void reload() throws InterruptedException {
        status = DaemonStatus.RELOADING;
        try {
            LdirectordConfig next = parser.parse(config.file());
            next.warnings().forEach(w -> log.log("Warning: " + w));
            LdirectordConfig previous = config;
            config = next;
            takeOver(next, previous);
        } catch (ConfigException e) {
            log.log("Error: " + e.getMessage() + " (keeping the running configuration)");
        } finally {
            status = DaemonStatus.RUNNING;
        }
    }

    private void takeOver(LdirectordConfig next, LdirectordConfig previous) throws InterruptedException {
        mail.clear();
        mail.setFrom(next.emailAlertFrom());
        scheduler.setMaintenance(new Maintenance(next.maintenanceDir(), resolver));
        manager.start(next, previous);
        scheduler.runAllAndWait();
    }
}
