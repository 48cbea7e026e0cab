package org.jvs.realserver;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jvs realserver}: prepares this host as a real server of an LVS cluster and stays in the
 * foreground; SIGTERM or Ctrl-C takes every change back. See {@link RealServer} for what each mode
 * does and docs/REALSERVER.md for the operator's view.
 */
public final class RealServerCommand {
    private static final Logger LOG = LoggerFactory.getLogger(RealServerCommand.class);
    static final String USAGE = """
            Usage: jvs realserver tun --vip VIP [--vip VIP...] [--interface IF...] [--gue-port N]
                   jvs realserver dr --vip VIP [--vip VIP...]
            Prepare this host as a real server of an LVS cluster and stay in the foreground; SIGTERM or
            Ctrl-C takes every change back. Needs root.
              tun   LVS-TUN without the kernel's ipip module: the VIPs on the TUN device jvstun0, tunnel
                    packets (IPIP, GRE, and GUE to --gue-port) decapsulated in user space, ARP for the VIPs
                    suppressed, an nftables table 'inet jvs-realserver' keeping the kernel off them.
                    --interface: where tunnel packets arrive (repeatable; default: every interface
                    that is up and has an Ethernet address).
              dr    LVS-DR: the VIPs on lo, ARP for them suppressed (arp_ignore=1, arp_announce=2).
            """;

    private RealServerCommand() {
    }

    /**
     * Runs {@code jvs realserver ARGS} ({@code args} without the word "realserver"). Returns at once
     * for help and errors; otherwise runs until the process is signalled (the changes are then taken
     * back in a shutdown hook) or the tunnel endpoint fails.
     *
     * @return 0 for help, 2 for a usage error, 1 when setting up or decapsulating failed
     */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
            out.print(USAGE);
            return 0;
        }
        RealServerOptions options;
        try {
            options = RealServerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("jvs realserver: " + e.getMessage());
            err.println("Try 'jvs realserver --help'.");
            return 2;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            err.println("jvs realserver: must run as root: it changes addresses, sysctls and nftables");
            return 1;
        }
        CountDownLatch failed = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        RealServer server;
        try {
            server = RealServer.start(options, e -> {
                failure.set(e);
                failed.countDown();
            });
        } catch (IOException | RuntimeException e) {
            err.println("jvs realserver: cannot start: " + e.getMessage());
            return 1;
        }
        Thread undo = Thread.ofPlatform().name("jvs-realserver-stop").unstarted(server::close);
        Runtime.getRuntime().addShutdownHook(undo);
        LOG.info("running; SIGTERM or Ctrl-C takes every change above back");
        try {
            failed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Reached when decapsulation failed or this thread was interrupted; a signal ends the process
        // in the shutdown hook instead.
        try {
            Runtime.getRuntime().removeShutdownHook(undo);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running already and closes the server itself.
        }
        server.close();
        Exception e = failure.get();
        if (e != null) {
            err.println("jvs realserver: tunnel endpoint failed: " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
