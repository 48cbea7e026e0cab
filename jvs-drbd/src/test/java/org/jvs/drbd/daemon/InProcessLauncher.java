package org.jvs.drbd.daemon;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvs.common.RunDirectory;
import org.jvs.drbd.config.ConfigException;
import org.jvs.drbd.config.ConfigParser;
import org.jvs.drbd.meta.MetadataException;

/** Starts daemons inside the test JVM (one per node and resource) and stops them all on close. */
public final class InProcessLauncher implements DaemonLauncher, AutoCloseable {
    private final List<NodeDaemon> daemons = new ArrayList<>();

    @Override
    public synchronized int launch(Path config, String resource, String hostname, RunDirectory run, PrintStream err) {
        try {
            daemons.add(NodeDaemon.start(ConfigParser.parse(config), resource, hostname, run, System::nanoTime));
            return 0;
        } catch (ConfigException | MetadataException e) {
            err.println(e.getMessage());
            return 10;
        } catch (Exception e) {
            err.println(resource + ": " + e);
            return 10;
        }
    }

    /** The daemon started for {@code hostname}, if still running. */
    public synchronized NodeDaemon daemon(String hostname) {
        return daemons.stream().filter(d -> !d.isStopped() && d.resource().settings().hostname().equals(hostname))
                .findFirst().orElseThrow();
    }

    @Override
    public synchronized void close() {
        daemons.forEach(NodeDaemon::close);
    }
}
