package org.jvs.drbd.daemon;

import java.nio.file.Path;
import org.jvs.common.RunDirectory;
import org.jvs.drbd.config.ConfigException;
import org.jvs.drbd.config.ConfigParser;
import org.jvs.drbd.meta.MetadataException;

/**
 * The process {@code drbdadm up} starts for a resource: {@code DrbdDaemon -c FILE --host NAME RESOURCE}.
 * It runs until {@code drbdadm down} or a signal; errors at start-up go to stderr (the daemon log)
 * with status 10.
 */
public final class DrbdDaemon {
    private DrbdDaemon() {
    }

    /** Process entry point. */
    public static void main(String[] args) {
        String config = "/etc/drbd.conf";
        String host = Hostname.current();
        String resource = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-c" -> config = args[++i];
                case "--host" -> host = args[++i];
                default -> resource = args[i];
            }
        }
        if (resource == null) {
            System.err.println("usage: DrbdDaemon -c FILE --host NAME RESOURCE");
            System.exit(20);
        }
        try {
            NodeDaemon d = NodeDaemon.start(ConfigParser.parse(Path.of(config)), resource, host,
                    RunDirectory.fromEnvironment(), System::nanoTime);
            Runtime.getRuntime().addShutdownHook(new Thread(d::close));
            d.awaitStop();
            System.exit(0);
        } catch (ConfigException | MetadataException e) {
            System.err.println(e.getMessage());
            System.exit(10);
        } catch (Exception e) {
            System.err.println(resource + ": " + e);
            System.exit(10);
        }
    }
}
