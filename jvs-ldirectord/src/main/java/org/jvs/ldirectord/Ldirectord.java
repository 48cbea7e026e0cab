package org.jvs.ldirectord;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jvs.common.PidFile;
import org.jvs.common.RunDirectory;
import org.jvs.ipvsadm.control.socket.UnixSocketControlClient;
import org.jvs.ldirectord.alert.EmailAlerts;
import org.jvs.ldirectord.alert.MonitorFile;
import org.jvs.ldirectord.alert.SmtpTransport;
import org.jvs.ldirectord.check.Checks;
import org.jvs.ldirectord.check.ProcessRunner;
import org.jvs.ldirectord.config.ConfigException;
import org.jvs.ldirectord.config.ConfigParser;
import org.jvs.ldirectord.config.LdirectordConfig;
import org.jvs.ldirectord.config.NameResolver;
import org.jvs.ldirectord.config.SystemNameResolver;
import org.jvs.ldirectord.log.DaemonLog;
import org.jvs.ldirectord.log.Syslog;
import org.jvs.ldirectord.state.CheckScheduler;
import org.jvs.ldirectord.state.Maintenance;
import org.jvs.ldirectord.state.ServiceManager;
import org.jvs.ldirectord.table.DirectorTable;
import org.jvs.ldirectord.table.IpvsControlTable;
import org.jvs.ldirectord.table.IpvsadmCommandTable;

/**
 * The {@code ldirectord} command: {@code ldirectord [-d|--debug] [--] [configfile]
 * start|stop|restart|try-restart|reload|force-reload|status}, {@code -h}, {@code -v}. The
 * configuration is looked for as {@code /etc/ha.d/NAME}, {@code /etc/ha.d/conf/NAME}, then as the
 * path given (default {@code ldirectord.cf}); the PID file is {@code ldirectord.NAME.pid} in the
 * run directory ({@code JVS_RUN_DIR}, default {@code /run/jvs}). Exit codes as the real one: 0 ok or
 * running, 1 stale PID file (status), not running (reload) or start-up failure, 2 configuration
 * error, 3 stopped (status), 255 usage.
 *
 * <p>Deviations, deliberate: {@code start} always stays in the foreground (no daemonising; run it
 * under systemd {@code Type=simple} or heartbeat with {@code &}); the PID file is written in every
 * mode so that stop, reload and status work under {@code -d} and {@code supervised=yes} too; a
 * process named in the PID file counts as running if it is alive (the real one also wants
 * "ldirectord" in its command line); SIGTERM ends the JVM with status 143 after the clean stop.
 */
public final class Ldirectord {
    /** The version line of {@code -v}, the real one's first line. */
    public static final String VERSION = "Linux Director v1.186-ha";
    private static final Set<String> COMMANDS = Set.of("start", "stop", "restart", "try-restart", "reload",
            "force-reload", "status");
    private static final String USAGE = """
            Usage:
                ldirectord [-d|--debug] [--] [configfile] start | stop | restart | try-restart | reload | force-reload | status

                ldirectord [-h|-?|--help|-v|--version]
            """;

    private final Environment environment;

    /**
     * What the command takes from its surroundings, so tests can run it with their own.
     *
     * @param sysconfDir the directory holding {@code ha.d} (normally /etc)
     * @param table opens the director's table for a run: the jvs director's control socket when it
     *              exists, else the ipvsadm command ({@code debug} selects ./ipvsadm as ldirectord does)
     * @param installSignals whether {@code start} installs SIGHUP/SIGTERM handling (only in a real process)
     */
    public record Environment(Map<String, String> env, Path sysconfDir, String hostname, Clock clock,
                              NameResolver resolver, TableOpener table, boolean installSignals) {

        /** This process's environment. */
        public static Environment system() {
            Map<String, String> env = System.getenv();
            Path director = RunDirectory.fromEnvironment(env).directorSocket();
            TableOpener table = debug -> Files.exists(director)
                    ? Optional.of(new IpvsControlTable(() -> UnixSocketControlClient.connect(director)))
                    : IpvsadmCommandTable.find(debug).map(IpvsadmCommandTable::new);
            return new Environment(env, Path.of("/etc"), hostname(env), Clock.systemDefaultZone(),
                    SystemNameResolver.standard(), table, true);
        }

        private static String hostname(Map<String, String> env) {
            String h = env.get("HOSTNAME");
            if (h != null && !h.isEmpty()) {
                return h;
            }
            try {
                return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }

    /** Opens the director's table, or answers empty when there is no way to reach it. */
    @FunctionalInterface
    public interface TableOpener {
        Optional<DirectorTable> open(boolean debug);
    }

    public Ldirectord(Environment environment) {
        this.environment = environment;
    }

    /** A process of its own (heartbeat's built-in ldirectord resource starts one). */
    public static void main(String[] args) {
        System.exit(main(args, System.out, System.err));
    }

    /** The entry point for jvs-cli: runs one command and returns its exit status. */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        return new Ldirectord(Environment.system()).run(args, out, err);
    }

    /** Runs one command line; returns the exit status. */
    public int run(String[] args, PrintStream out, PrintStream err) {
        boolean debug = false;
        int i = 0;
        for (; i < args.length && args[i].startsWith("-") && args[i].length() > 1; i++) {
            String a = args[i];
            if (a.equals("--")) {
                i++;
                break;
            }
            if (a.equals("--debug")) {
                debug = true;
            } else if (a.equals("--help")) {
                out.print(USAGE);
                return 0;
            } else if (a.equals("--version")) {
                return version(out);
            } else if (!a.startsWith("--")) {
                for (char c : a.substring(1).toCharArray()) {
                    switch (c) {
                        case 'd' -> debug = true;
                        case 'h', '?' -> {
                            out.print(USAGE);
                            return 0;
                        }
                        case 'v' -> {
                            return version(out);
                        }
                        default -> {
                            return usage(err);
                        }
                    }
                }
            } else {
                return usage(err);
            }
        }
        List<String> rest = List.of(args).subList(i, args.length);
        if (rest.isEmpty()) {
            return usage(err);
        }
        String configArg = rest.size() >= 2 ? rest.get(0) : "ldirectord.cf";
        String cfgName = rest.size() >= 2 ? Path.of(configArg).getFileName().toString() : "ldirectord";
        String command = rest.size() >= 2 ? rest.get(1) : rest.get(0);
        if (!COMMANDS.contains(command)) {
            return usage(err);
        }
        Path config = locate(configArg);
        if (config == null) {
            err.println("Config file " + configArg + " not found");
            return 1;
        }
        ConfigParser parser = new ConfigParser(environment.resolver(), environment.hostname(), debug);
        LdirectordConfig parsed;
        try {
            parsed = parser.parse(config);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        parsed.warnings().forEach(err::println);
        RunDirectory runDir = RunDirectory.fromEnvironment(environment.env());
        PidFile pidFile = new PidFile(runDir.resolve("ldirectord." + cfgName + ".pid"));
        try {
            return dispatch(command, config, parsed, parser, pidFile, runDir, debug, out, err);
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int dispatch(String command, Path config, LdirectordConfig parsed, ConfigParser parser, PidFile pidFile,
                         RunDirectory runDir, boolean debug, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        PidFile.Status st = pidFile.status();
        OptionalLong pid = pidFile.read();
        if (st == PidFile.Status.RUNNING) {
            long p = pid.getAsLong();
            switch (command) {
                case "start":
                    return 0;
                case "stop":
                    signal(p, "TERM");
                    return 0;
                case "reload", "force-reload":
                    signal(p, "HUP");
                    return 0;
                case "status":
                    err.println("ldirectord for " + config + " is running with pid: " + p);
                    return 0;
                default:
                    signal(p, "TERM");
                    while (pidFile.status() == PidFile.Status.RUNNING && Files.exists(pidFile.path())) {
                        Thread.sleep(100);
                    }
                    return start(config, parsed, parser, pidFile, runDir, debug, out, err);
            }
        }
        switch (command) {
            case "start", "restart":
                return start(config, parsed, parser, pidFile, runDir, debug, out, err);
            case "stop", "try-restart":
                return 0;
            case "status":
                if (st == PidFile.Status.STALE) {
                    err.println("ldirectord stale pid file " + pidFile.path() + " for " + config);
                }
                out.println("ldirectord is stopped for " + config);
                return st == PidFile.Status.STALE ? 1 : 3;
            default:
                return 1;
        }
    }

    private int start(Path config, LdirectordConfig parsed, ConfigParser parser, PidFile pidFile, RunDirectory runDir,
                      boolean debug, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Optional<DirectorTable> table = environment.table().open(debug);
        if (table.isEmpty()) {
            err.println("Can not find ipvsadm");
            return 1;
        }
        runDir.create();
        pidFile.writeCurrent();
        long pid = ProcessHandle.current().pid();
        Clock clock = environment.clock();
        DaemonLog log = new DaemonLog(parsed.logfile(), parsed.name(), pid, debug, parsed.supervised(), clock, out, err,
                Syslog.devLog(pid, clock));
        ExecutorService sideEffects = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
        ProcessRunner runner = new ProcessRunner();
        LdirectordDaemon[] daemon = new LdirectordDaemon[1];
        EmailAlerts mail = new EmailAlerts(new SmtpTransport(25), sideEffects, log, clock, () -> daemon[0].status(),
                environment.hostname(), System.getProperty("user.name", "root"));
        ServiceManager manager = new ServiceManager(table.get(), log, mail, new MonitorFile(pid, clock), runner,
                sideEffects, Checks.forThisProcess(), clock);
        CheckScheduler scheduler = new CheckScheduler(manager,
                new Maintenance(parsed.maintenanceDir(), environment.resolver()), clock, () -> daemon[0].wake());
        daemon[0] = new LdirectordDaemon(parsed, parser, manager, scheduler, mail, log, clock, environment.resolver(),
                runner);
        log.log("Invoking ldirectord invoked as: ldirectord " + config + " start");
        log.log("Starting " + VERSION + " with pid: " + pid);
        Signals signals = environment.installSignals() ? Signals.install(daemon[0]) : null;
        try {
            daemon[0].start();
            daemon[0].run();
            log.log("Linux Director Daemon terminated on signal: TERM");
            return 0;
        } finally {
            sideEffects.shutdown();
            pidFile.removeIfOurs();
            if (signals != null) {
                signals.release();
            }
        }
    }

    private static void signal(long pid, String name) throws IOException, InterruptedException {
        List<String> kill = new ArrayList<>(List.of("kill", "-s", name, Long.toString(pid)));
        int rc = new ProcessBuilder(kill).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IOException("could not send SIG" + name + " to " + pid);
        }
    }

    private Path locate(String name) {
        for (Path p : List.of(environment.sysconfDir().resolve("ha.d").resolve(name),
                environment.sysconfDir().resolve("ha.d/conf").resolve(name), Path.of(name))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static int usage(PrintStream err) {
        err.print(USAGE);
        return 255;
    }

    private static int version(PrintStream out) {
        out.println(VERSION);
        out.println("jvs ldirectord: a Java re-implementation, compatible with ldirectord of ClusterLabs resource-agents");
        return 0;
    }
}
