package org.jvs.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jvs.common.RunDirectory;
import org.jvs.director.Director;
import org.jvs.director.DirectorOptions;
import org.jvs.director.DirectorStartException;
import org.jvs.ipvsadm.cli.Ipvsadm;
import org.jvs.ipvsadm.control.socket.UnixSocketControlClient;
import org.jvs.lab.NetLab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jvs demo}: as root, the tutorial's cluster live in network namespaces (NAT by default,
 * {@code --method dr|tun}); otherwise a director loaded with the tutorial's NAT rules and listed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the LVS tutorial's cluster live in network namespaces (root), with real web servers"
                + " and a client; or, not root, load its NAT rules into a director and list them.")
final class DemoCommand implements Callable<Integer> {
    /** The tutorial's LVS-NAT commands, as typed there. */
    static final List<String> TUTORIAL_NAT = List.of(
            "-A -t 172.16.100.1:80 -s wrr",
            "-a -t 172.16.100.1:80 -r 172.25.254.2 -m -w 1",
            "-a -t 172.16.100.1:80 -r 172.25.254.3 -m -w 2",
            "-Ln");

    @Option(names = "--method", defaultValue = "nat", description = "nat, dr or tun (default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--seconds", defaultValue = "10", description = "How long the client sends traffic (default ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        LiveDemo.Setup setup = switch (method) {
            case "nat" -> LiveDemo.NAT;
            case "dr" -> LiveDemo.DR;
            case "tun" -> LiveDemo.TUN;
            default -> null;
        };
        if (setup == null || seconds < 1 || seconds > 3600) {
            System.err.println("jvs demo: --method must be nat, dr or tun and --seconds 1..3600");
            return 2;
        }
        if (NetLab.available()) {
            return new LiveDemo(setup, seconds, System.out).run();
        }
        System.out.println("# not root: no network namespaces, so no live traffic; loading the tutorial's rules only");
        return rulesOnly(System.out);
    }

    private static int rulesOnly(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("jvs-demo");
        RunDirectory runDir = new RunDirectory(dir.resolve("run"));
        try (Director director = Director.start(DirectorOptions.defaults(runDir), System.err)) {
            for (String line : TUTORIAL_NAT) {
                out.println("[root@server1 ~]# ipvsadm " + line);
                int rc = Ipvsadm.run(line.split(" "), new ByteArrayInputStream(new byte[0]), out, System.err,
                        () -> UnixSocketControlClient.connect(runDir.directorSocket()));
                if (rc != 0) {
                    return rc;
                }
            }
            return 0;
        } catch (DirectorStartException e) {
            System.err.println("jvs demo: " + e.getMessage());
            return 1;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
