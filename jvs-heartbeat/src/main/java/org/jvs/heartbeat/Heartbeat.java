package org.jvs.heartbeat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jvs.common.RunDirectory;
import org.jvs.heartbeat.config.ConfigException;
import org.jvs.heartbeat.config.ConfigLoader;
import org.jvs.heartbeat.config.HeartbeatConfig;
import org.jvs.heartbeat.daemon.HeartbeatCommands;

/**
 * {@code jvs heartbeat [--config-dir DIR] start|stop|status|reload|standby|takeover [all|local|foreign|failback]}.
 * {@code start} runs the daemon in the foreground (for systemd) until {@code stop} or SIGTERM; the
 * other commands talk to it through its control socket in {@code $JVS_RUN_DIR/heartbeat}. Exit
 * codes follow LSB: 0 success, 1 failure, 2 usage, 3 not running (status), 6 not configured.
 */
public final class Heartbeat {
    /** LSB "program is not configured". */
    public static final int EXIT_NOT_CONFIGURED = 6;
    private static final Set<String> SETS = Set.of("all", "local", "foreign", "failback");

    private Heartbeat() {
    }

    public static void main(String[] args) {
        System.exit(main(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code. */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        return main(args, out, err, System.getenv());
    }

    /** As {@link #main(String[], PrintStream, PrintStream)} with an explicit environment (tests). */
    public static int main(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Path configDir = ConfigLoader.DEFAULT_DIRECTORY;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config-dir") && i + 1 < args.length) {
                configDir = Path.of(args[++i]);
            } else if (args[i].startsWith("--config-dir=")) {
                configDir = Path.of(args[i].substring("--config-dir=".length()));
            } else {
                rest.add(args[i]);
            }
        }
        if (rest.isEmpty()) {
            return usage(err);
        }
        Path state = RunDirectory.fromEnvironment(env).resolve("heartbeat");
        HeartbeatCommands commands = new HeartbeatCommands(state, out, err, env);
        String cmd = rest.get(0);
        try {
            switch (cmd) {
                case "start" -> {
                    if (rest.size() != 1) {
                        return usage(err);
                    }
                    HeartbeatConfig config;
                    try {
                        config = new ConfigLoader(configDir).load();
                    } catch (ConfigException e) {
                        err.println(e.getMessage());
                        boolean auth = e.problems().stream()
                                .anyMatch(p -> p.file().getFileName().toString().equals("authkeys"));
                        err.println(auth ? "Authentication configuration error."
                                : "Heartbeat not started: configuration error.");
                        return EXIT_NOT_CONFIGURED;
                    }
                    return commands.start(config);
                }
                case "stop", "status", "reload" -> {
                    return rest.size() != 1 ? usage(err) : commands.simple(cmd);
                }
                case "standby", "takeover" -> {
                    if (rest.size() > 2) {
                        err.println("hb_" + cmd + ": too many arguments");
                        return usage(err);
                    }
                    String set = rest.size() == 2 ? rest.get(1) : "all";
                    if (!SETS.contains(set)) {
                        err.println("hb_" + cmd + ": wrong resources(" + set + ").");
                        return usage(err);
                    }
                    return commands.standbyOrTakeover(cmd, set);
                }
                default -> {
                    return usage(err);
                }
            }
        } catch (IOException e) {
            err.println("heartbeat: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err) {
        err.println("usage: jvs heartbeat [--config-dir DIR] start|stop|status|reload");
        err.println("       jvs heartbeat [--config-dir DIR] standby|takeover [all|local|foreign|failback]");
        return 2;
    }
}
