package org.jvs.drbd.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.jvs.common.RunDirectory;

/** Starts the daemon of one resource for {@code drbdadm up}; returns once it answers or failed. */
@FunctionalInterface
public interface DaemonLauncher {
    /**
     * Starts resource {@code resource} of {@code config} as node {@code hostname}.
     *
     * @return 0 when the daemon is up, else drbdadm's exit status (its errors printed to {@code err})
     */
    int launch(Path config, String resource, String hostname, RunDirectory run, PrintStream err) throws IOException;
}
