package org.jvs.heartbeat.resource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jvs.heartbeat.config.ResourceSpec;

/**
 * Turns a haresources resource into an agent: IPaddr and IPaddr2 are built in; anything else is the
 * first executable {@code resource.d/SCRIPT}, then {@code init.d/SCRIPT}, as ResourceManager's
 * {@code scriptpath} looks them up. A script found nowhere yields an agent whose every action fails
 * with heartbeat's "Cannot locate resource script". Thread-safe.
 */
public final class AgentFactory {
    private final List<Path> scriptDirectories;
    private final CommandRunner runner;
    private final GratuitousArp arp;
    private final Duration scriptTimeout;

    /**
     * @param resourceDirectory heartbeat's resource.d
     * @param initDirectory     the LSB init script directory (/etc/init.d)
     * @param runner            runs scripts and ip
     * @param arp               announces moved addresses
     * @param scriptTimeout     how long one script action may take
     */
    public AgentFactory(Path resourceDirectory, Path initDirectory, CommandRunner runner, GratuitousArp arp,
                        Duration scriptTimeout) {
        this.scriptDirectories = List.of(resourceDirectory, initDirectory);
        this.runner = runner;
        this.arp = arp;
        this.scriptTimeout = scriptTimeout;
    }

    /** The agent for {@code spec}. */
    public ResourceAgent agentFor(ResourceSpec spec) {
        if (spec.script().equals("IPaddr") || spec.script().equals("IPaddr2")) {
            return new IpAddrAgent(spec.script(), spec.args().isEmpty() ? "" : spec.args().get(0), runner, arp);
        }
        for (Path dir : scriptDirectories) {
            Path p = dir.resolve(spec.script());
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return new ScriptAgent(p, spec.args(), runner, scriptTimeout);
            }
        }
        return new MissingScript(spec.script());
    }

    /** A resource whose script exists nowhere. */
    private record MissingScript(String script) implements ResourceAgent {
        private CommandRunner.Result fail() {
            return new CommandRunner.Result(1, "", "Cannot locate resource script " + script);
        }

        @Override
        public CommandRunner.Result start() {
            return fail();
        }

        @Override
        public CommandRunner.Result stop() {
            return fail();
        }

        @Override
        public boolean running() {
            return false;
        }

        @Override
        public String describe() {
            return script;
        }
    }
}
