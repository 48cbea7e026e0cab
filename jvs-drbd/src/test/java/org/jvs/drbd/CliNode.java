package org.jvs.drbd;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jvs.drbd.daemon.DaemonLauncher;

/** drbdadm as run on one node of a test cluster: its host name, run directory and config file. */
final class CliNode {
    final String hostname;
    final Path runDir;
    final Path config;
    final DaemonLauncher launcher;

    /** Output of one run. */
    record Result(int exit, String out, String err) {
    }

    CliNode(String hostname, Path runDir, Path config, DaemonLauncher launcher) {
        this.hostname = hostname;
        this.runDir = runDir;
        this.config = config;
        this.launcher = launcher;
    }

    Result drbdadm(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("-c", config.toString()));
        all.addAll(List.of(args));
        Drbdadm.Environment env = new Drbdadm.Environment(Map.of("JVS_RUN_DIR", runDir.toString()), () -> hostname,
                new ByteArrayInputStream(new byte[0]), false, Clock.systemUTC(), launcher);
        int rc = Drbdadm.run(all.toArray(String[]::new), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), env);
        return new Result(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}
