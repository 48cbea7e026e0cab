package org.jvs.drbd.daemon;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import org.jvs.drbd.config.Options;
import org.jvs.drbd.resource.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code handlers { }} commands (split-brain, before-resync-target, out-of-sync, ...) as
 * DRBD's helper does: {@code /bin/sh -c COMMAND} with DRBD_RESOURCE, DRBD_MINOR, DRBD_PEER_ADDRESS
 * and DRBD_PEER_AF in the environment, in the background, output to the daemon's log. Thread-safe.
 */
final class HandlerRunner implements Resource.HandlerRunner {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerRunner.class);
    private final Options handlers;

    HandlerRunner(Options handlers) {
        this.handlers = handlers;
    }

    @Override
    public void run(String name, Resource resource) {
        handlers.get(name).ifPresent(command -> {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> env = pb.environment();
            env.put("DRBD_RESOURCE", resource.name());
            env.put("DRBD_MINOR", String.valueOf(resource.volumes().getFirst().config().minor()));
            env.put("DRBD_PEER_ADDRESS", resource.settings().peer().address().host());
            env.put("DRBD_PEER_AF", resource.settings().peer().address().family());
            try {
                pb.start();
                LOG.info("drbd {}: helper command: /bin/sh -c {} ({})", resource.name(), command, name);
            } catch (IOException e) {
                LOG.warn("drbd {}: handler {} failed to start: {}", resource.name(), name, e.toString());
            }
        });
    }
}
