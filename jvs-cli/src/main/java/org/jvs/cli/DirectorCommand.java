package org.jvs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import org.jvs.common.RunDirectory;
import org.jvs.director.Director;
import org.jvs.director.DirectorOptions;
import org.jvs.director.DirectorStartException;
import org.jvs.ipvs.conn.ConnectionSysctls;
import org.jvs.ipvs.conn.ConnectionTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jvs director}: runs the director in the foreground (or detached with --daemon). */
@Command(name = "director", mixinStandardHelpOptions = true,
        description = "Run the IPVS director. Runtime files live in $JVS_RUN_DIR (default /run/jvs).")
final class DirectorCommand implements Callable<Integer> {

    @Option(names = "--rules", paramLabel = "FILE", description = "Restore this ipvsadm -S file at start.")
    Path rules;

    @Option(names = "--conn-tab-bits", paramLabel = "N", defaultValue = "12",
            description = "Connection hash size shown as (size=2^N), 8..27 (default ${DEFAULT-VALUE}).")
    int connTabBits;

    @Option(names = "--max-connections", paramLabel = "N", description = "Connection table limit (default 16777216).")
    int maxConnections = ConnectionTable.DEFAULT_MAX_CONNECTIONS;

    @Option(names = "--expire-nodest-conn", paramLabel = "0|1", defaultValue = "1",
            description = "Expire connections of deleted real servers on their next packet (default ${DEFAULT-VALUE}; the kernel's is 0).")
    int expireNodestConn;

    @Option(names = "--expire-quiescent-template", paramLabel = "0|1", defaultValue = "1",
            description = "Persistence templates of weight-0 servers expire (default ${DEFAULT-VALUE}; the kernel's is 0).")
    int expireQuiescentTemplate;

    @Option(names = "--conn-reuse-mode", paramLabel = "N", defaultValue = "1", description = "As the kernel sysctl (default ${DEFAULT-VALUE}).")
    int connReuseMode;

    @Option(names = {"-i", "--interface"}, paramLabel = "IF",
            description = "Forward packets on this interface (repeatable). Default as root: every interface that is up, except lo.")
    List<String> interfaces = new ArrayList<>();

    @Option(names = "--busy-poll", paramLabel = "USEC", defaultValue = "0",
            description = "Keep looking for packets this long after the last one before sleeping: lower latency for"
                    + " a core's worth of CPU under steady load, as net.core.busy_poll (default ${DEFAULT-VALUE}).")
    int busyPollMicros;

    @Option(names = "--no-dataplane", description = "Serve ipvsadm only; forward no packets.")
    boolean noDataplane;

    @Option(names = "--daemon", description = "Detach and run in the background (log in $JVS_RUN_DIR/director.log).")
    boolean daemon;

    @Override
    public Integer call() throws Exception {
        RunDirectory runDir = RunDirectory.fromEnvironment();
        DirectorOptions options;
        try {
            options = new DirectorOptions(runDir, rules, connTabBits, maxConnections,
                    new ConnectionSysctls(flag(expireNodestConn), flag(expireQuiescentTemplate), connReuseMode, false),
                    noDataplane ? List.of() : dataPlaneInterfaces(), busyPollMicros);
        } catch (IllegalArgumentException e) {
            System.err.println("jvs director: " + e.getMessage());
            return 2;
        }
        if (daemon) {
            return Detach.relaunch(withoutDaemonFlag(), runDir, runDir.directorSocket());
        }
        Director director;
        try {
            director = Director.start(options, System.err);
        } catch (DirectorStartException e) {
            System.err.println("jvs director: " + e.getMessage());
            return 1;
        }
        // A failed data plane (an interface vanished) ends the director with status 1. The failure
        // is reported on the data-plane thread, which must not call System.exit itself: the exit
        // hook below joins that very thread.
        CompletableFuture<Integer> failed = new CompletableFuture<>();
        director.onFailure(e -> {
            System.err.println("jvs director: packet forwarding stopped: " + e.getMessage());
            failed.complete(1);
        });
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(director::close));
        int rc = failed.join();
        director.close();
        return rc;
    }

    private List<String> dataPlaneInterfaces() throws java.io.IOException {
        if (!interfaces.isEmpty()) {
            return interfaces;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("jvs director: not root: serving ipvsadm only, no packet forwarding");
            return List.of();
        }
        List<String> up = new ArrayList<>();
        for (java.net.NetworkInterface nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (nif.isUp() && !nif.isLoopback() && !nif.isVirtual()) {
                up.add(nif.getName());
            }
        }
        return up;
    }

    private static boolean flag(int v) {
        if (v != 0 && v != 1) {
            throw new IllegalArgumentException("expected 0 or 1, not " + v);
        }
        return v == 1;
    }

    private static List<String> withoutDaemonFlag() {
        List<String> args = new ArrayList<>(ProcessHandle.current().info().arguments().map(List::of).orElse(List.of()));
        args.remove("--daemon");
        return args;
    }
}
