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
import picocli.CommandLine.Command;

/**
 * {@code jvs demo}: starts a director in a private run directory, loads the LVS tutorial's NAT
 * example with ipvsadm over the control socket, exactly as typed in the tutorial, and lists it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a director, load the LVS tutorial's NAT example with ipvsadm and list it.")
final class DemoCommand implements Callable<Integer> {
    /** The tutorial's LVS-NAT commands, as typed there. */
    static final List<String> TUTORIAL_NAT = List.of(
            "-A -t 172.16.100.1:80 -s wrr",
            "-a -t 172.16.100.1:80 -r 172.25.254.2 -m -w 1",
            "-a -t 172.16.100.1:80 -r 172.25.254.3 -m -w 2",
            "-Ln");

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("jvs-demo");
        RunDirectory runDir = new RunDirectory(dir.resolve("run"));
        PrintStream out = System.out;
        try (Director director = Director.start(DirectorOptions.defaults(runDir), System.err)) {
            out.println("# director started, control socket " + runDir.directorSocket());
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
