package org.jvs.drbd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jvs.common.RunDirectory;
import org.jvs.drbd.config.ConfigDump;
import org.jvs.drbd.config.ConfigException;
import org.jvs.drbd.config.ConfigParser;
import org.jvs.drbd.config.DrbdConfig;
import org.jvs.drbd.config.HostSection;
import org.jvs.drbd.config.ResourceConfig;
import org.jvs.drbd.config.VolumeConfig;
import org.jvs.drbd.daemon.ControlClient;
import org.jvs.drbd.daemon.DaemonLauncher;
import org.jvs.drbd.daemon.Hostname;
import org.jvs.drbd.daemon.NodeDaemon;
import org.jvs.drbd.daemon.ProcessLauncher;
import org.jvs.drbd.meta.Confirmation;
import org.jvs.drbd.meta.Drbdmeta;
import org.jvs.drbd.resource.StatusFormat;

/**
 * {@code jvs drbdadm [-c FILE] SUBCOMMAND [--options] RESOURCE|all}: the DRBD 8.4 administration
 * tool over jvs's user-space DRBD. Metadata commands (create-md, dump-md, get-gi, show-gi, wipe-md,
 * apply-al) work on the backing devices directly as drbdmeta does; {@code up} starts the
 * resource's daemon; state commands go to the running daemon over its control socket in the run
 * directory ({@code JVS_RUN_DIR}). The node is found by {@code uname -n}. Exit statuses follow
 * drbdadm: 10 configuration or kernel ("daemon") failure, 11/17 refused state change, 20 usage.
 *
 * <p>jvs extensions: {@code sh-dev} prints the NBD URI of each volume's export (there is no
 * /dev/drbdN in user space); {@code proc} prints the /proc/drbd view of the running resources;
 * {@code wait-sync} shows the resync progress while it waits.
 */
public final class Drbdadm {
    private static final Set<String> DAEMON_COMMANDS = Set.of("primary", "secondary", "connect", "disconnect",
            "invalidate-remote", "verify", "pause-sync", "resume-sync", "new-current-uuid", "wait-connect", "wait-sync",
            "adjust", "events", "status", "role", "cstate", "dstate", "outdate", "invalidate");
    private static final String USAGE = """
            USAGE: drbdadm COMMAND [OPTION...] {all|RESOURCE...}

            COMMANDS:
             attach/up/down           primary [--force]        secondary
             connect [--discard-my-data]                       disconnect
             invalidate               invalidate-remote        verify
             pause-sync               resume-sync              outdate
             new-current-uuid [--clear-bitmap]                 adjust
             create-md [--force]      dump-md                  wipe-md
             apply-al                 get-gi                   show-gi
             status                   role                     cstate
             dstate                   dump                     sh-dev
             wait-connect             wait-sync                proc
            """;

    /**
     * What drbdadm takes from its surroundings, so tests can give their own.
     *
     * @param env      environment (JVS_RUN_DIR)
     * @param hostname this node's name ({@code uname -n})
     * @param stdin    standard input, for confirmations
     * @param tty      whether standard input is a terminal
     * @param clock    wall clock (dump headers)
     * @param launcher how {@code up} starts a daemon
     */
    public record Environment(Map<String, String> env, Supplier<String> hostname, InputStream stdin, boolean tty,
                              Clock clock, DaemonLauncher launcher) {
        /** This process's environment; daemons run as separate processes. */
        public static Environment system() {
            return new Environment(System.getenv(), Hostname::current, System.in, System.console() != null,
                    Clock.systemDefaultZone(), new ProcessLauncher(System.getenv()));
        }
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Environment environment;
    private final RunDirectory run;

    private Drbdadm(PrintStream out, PrintStream err, Environment environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.run = RunDirectory.fromEnvironment(environment.env());
    }

    /** Entry point for the jvs launcher. */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Environment.system());
    }

    /** Runs one command line with the given surroundings. */
    public static int run(String[] args, PrintStream out, PrintStream err, Environment environment) {
        return new Drbdadm(out, err, environment).execute(List.of(args));
    }

    private int execute(List<String> args) {
        String configFile = null;
        String command = null;
        List<String> options = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (command == null && (a.equals("-c") || a.equals("--config-file")) && i + 1 < args.size()) {
                configFile = args.get(++i);
            } else if (command == null && a.startsWith("--config-file=")) {
                configFile = a.substring("--config-file=".length());
            } else if (a.equals("--")) {
                continue;
            } else if (a.startsWith("-")) {
                options.add(a);
            } else if (command == null) {
                command = a;
            } else {
                names.add(a);
            }
        }
        if (command == null || command.equals("help")) {
            err.print(USAGE);
            return 20;
        }
        DrbdConfig config;
        Path file = Path.of(configFile != null ? configFile : defaultConfig());
        try {
            config = ConfigParser.parse(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ConfigException.EXIT_CODE;
        }
        String hostname = environment.hostname().get();
        if (command.equals("dump") && (names.isEmpty() || names.equals(List.of("all")))) {
            out.print(ConfigDump.all(config, hostname));
            return 0;
        }
        if (command.equals("sh-resources")) {
            out.println(String.join(" ", config.resourcesOn(hostname).stream().map(ResourceConfig::name).toList()));
            return 0;
        }
        if (command.equals("proc")) {
            return proc(config, hostname);
        }
        if (names.isEmpty()) {
            err.println("USAGE: drbdadm " + command + " [OPTION...] {all|RESOURCE...}");
            return 20;
        }
        List<ResourceConfig> targets = new ArrayList<>();
        if (names.equals(List.of("all"))) {
            targets.addAll(config.resourcesOn(hostname));
        } else {
            for (String n : names) {
                var r = config.resource(n).filter(rc -> rc.host(hostname).isPresent());
                if (r.isEmpty()) {
                    err.println("'" + n + "' not defined in your config (for this host).");
                    return 10;
                }
                targets.add(r.get());
            }
        }
        for (ResourceConfig r : targets) {
            int rc;
            try {
                rc = one(command, options, r, file, config, hostname);
            } catch (IOException e) {
                err.println(r.name() + ": " + e.getMessage());
                rc = 10;
            }
            if (rc != 0) {
                return rc;
            }
        }
        return 0;
    }

    /** The configuration file drbdadm reads without {@code -c}: the first of drbd-utils' candidates that exists. */
    static String defaultConfig() {
        for (String f : List.of("/etc/drbd-84.conf", "/etc/drbd-83.conf", "/etc/drbd.conf")) {
            if (Files.exists(Path.of(f))) {
                return f;
            }
        }
        return "/etc/drbd.conf";
    }

    private int one(String command, List<String> options, ResourceConfig r, Path file, DrbdConfig config, String hostname)
            throws IOException {
        HostSection me = r.host(hostname).orElseThrow();
        int minor = me.volumes().getFirst().minor();
        boolean running = Files.exists(NodeDaemon.controlSocket(run, r.name()));
        switch (command) {
            case "dump":
                out.print(ConfigDump.resource(r, hostname));
                return 0;
            case "sh-dev":
                DeviceExports.of(r, hostname, run).forEach(e -> out.println(e.uri()));
                return 0;
            case "up", "attach":
                if (running) {
                    err.println(minor + ": Failure: (124) Device is attached to a disk (use detach first)");
                    err.println("Command 'drbdsetup-84 attach " + minor + "' terminated with exit code 10");
                    return 10;
                }
                return environment.launcher().launch(file, r.name(), hostname, run, err);
            case "down", "detach":
                return running ? down(r) : 0;
            case "create-md", "wipe-md", "apply-al", "dump-md", "get-gi", "show-gi":
                return metadata(command, options, r, me, running);
            default:
                break;
        }
        if (!DAEMON_COMMANDS.contains(command)) {
            err.println("drbdadm: Unknown command '" + command + "'");
            return 20;
        }
        if (!running) {
            return notRunning(command, options, r, me, minor);
        }
        List<String> call = new ArrayList<>();
        call.add(command);
        call.addAll(options);
        if (environment.tty()) {
            call.add("--tty");
        }
        return ControlClient.call(NodeDaemon.controlSocket(run, r.name()), call, out, err);
    }

    private int down(ResourceConfig r) throws IOException {
        Path socket = NodeDaemon.controlSocket(run, r.name());
        int rc = ControlClient.call(socket, List.of("down"), out, err);
        if (rc != 0) {
            return rc;
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Files.exists(socket) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 20;
            }
        }
        return 0;
    }

    /** What drbdadm says for a resource that is not up. */
    private int notRunning(String command, List<String> options, ResourceConfig r, HostSection me, int minor)
            throws IOException {
        switch (command) {
            case "status" -> {
                err.println(r.name() + ": No such resource");
                return 10;
            }
            case "role", "cstate" -> {
                out.println("Unconfigured");
                return 0;
            }
            case "dstate", "outdate", "invalidate" -> {
                Drbdmeta meta = drbdmeta(options);
                for (VolumeConfig v : me.volumes()) {
                    Path disk = Path.of(v.disk());
                    int rc = switch (command) {
                        case "dstate" -> meta.dstate(disk);
                        case "outdate" -> meta.outdate(disk);
                        default -> meta.invalidate(disk);
                    };
                    if (rc != 0) {
                        return rc;
                    }
                }
                return 0;
            }
            default -> {
                err.println(minor + ": Failure: (127) Device minor not allocated");
                err.println("additional info from kernel:\nunknown minor");
                err.println("Command 'drbdsetup-84 " + command + " " + minor + "' terminated with exit code 10");
                return 10;
            }
        }
    }

    private int metadata(String command, List<String> options, ResourceConfig r, HostSection me, boolean running)
            throws IOException {
        int minor = me.volumes().getFirst().minor();
        if (running && Set.of("create-md", "wipe-md", "apply-al").contains(command)) {
            err.println("Device '" + minor + "' is configured!");
            err.println("Command 'drbdmeta " + minor + " v08 " + me.volumes().getFirst().disk() + " internal " + command
                    + "' terminated with exit code 20");
            return 20;
        }
        Drbdmeta meta = drbdmeta(options);
        for (VolumeConfig v : me.volumes()) {
            if (!v.internalMetadata()) {
                err.println(r.name() + ": external meta-disk " + v.metaDisk() + " is not supported by jvs drbd");
                return 20;
            }
            Path disk = Path.of(v.disk());
            String line = Drbdmeta.commandLine(v.minor(), disk, command);
            int rc = switch (command) {
                case "create-md" -> meta.createMd(disk);
                case "wipe-md" -> meta.wipeMd(disk);
                case "apply-al" -> meta.applyAl(disk);
                case "dump-md" -> meta.dumpMd(disk, line);
                case "get-gi" -> meta.getGi(disk);
                default -> meta.showGi(disk);
            };
            if (rc != 0) {
                err.println("Command '" + line + "' terminated with exit code " + rc);
                return rc;
            }
        }
        return 0;
    }

    private Drbdmeta drbdmeta(List<String> options) {
        boolean force = options.contains("--force");
        Confirmation confirm = new Confirmation(force, environment.tty(),
                new BufferedReader(new InputStreamReader(environment.stdin(), StandardCharsets.UTF_8)), err);
        return new Drbdmeta(out, err, confirm, environment.clock(), environment.hostname().get());
    }

    private int proc(DrbdConfig config, String hostname) {
        out.print(StatusFormat.PROC_VERSION);
        List<ResourceConfig> up = config.resourcesOn(hostname).stream()
                .filter(r -> Files.exists(NodeDaemon.controlSocket(run, r.name())))
                .sorted(java.util.Comparator.comparingInt(r -> r.host(hostname).orElseThrow().volumes().getFirst().minor()))
                .toList();
        for (ResourceConfig r : up) {
            try {
                ControlClient.call(NodeDaemon.controlSocket(run, r.name()), List.of("proc"), out, err);
            } catch (IOException e) {
                err.println(r.name() + ": " + e.getMessage());
            }
        }
        return 0;
    }
}
