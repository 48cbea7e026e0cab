package org.jvs.heartbeat.resource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jvs.heartbeat.config.ResourceSpec;

/**
 * Turns a haresources resource into an agent: IPaddr, IPaddr2, drbddisk, Filesystem and ldirectord (jvs's)
 * are built in
 * (ahead of scripts of those names, such as the ones the Debian packages install); anything else is the
 * first executable {@code resource.d/SCRIPT}, then {@code init.d/SCRIPT}, as ResourceManager's
 * {@code scriptpath} looks them up. A script found nowhere yields an agent whose every action fails
 * with heartbeat's "Cannot locate resource script". Thread-safe.
 */
public final class AgentFactory {
    private final List<Path> scriptDirectories;
    private final CommandRunner runner;
    private final BuiltInServices builtIns;
    private final Duration scriptTimeout;

    /**
     * @param resourceDirectory heartbeat's resource.d
     * @param initDirectory     the LSB init script directory (/etc/init.d)
     * @param runner            runs scripts and ip
     * @param builtIns          what the built-in resources act through
     * @param scriptTimeout     how long one script action may take
     */
    public AgentFactory(Path resourceDirectory, Path initDirectory, CommandRunner runner, BuiltInServices builtIns,
                        Duration scriptTimeout) {
        this.scriptDirectories = List.of(resourceDirectory, initDirectory);
        this.runner = runner;
        this.builtIns = builtIns;
        this.scriptTimeout = scriptTimeout;
    }

    /** The agent for {@code spec}. */
    public ResourceAgent agentFor(ResourceSpec spec) {
        switch (spec.script()) {
            case "IPaddr", "IPaddr2" -> {
                return new IpAddrAgent(spec.script(), spec.args().isEmpty() ? "" : spec.args().get(0), runner,
                        builtIns.arp());
            }
            case "drbddisk" -> {
                return new DrbdDiskAgent(spec.args(), builtIns.drbdadm(), builtIns.pause());
            }
            case "Filesystem" -> {
                return new FilesystemAgent(spec.args(), runner, builtIns.exported(), builtIns.mounts(),
                        builtIns.pause());
            }
            case "ldirectord" -> {
                return new LdirectordAgent(spec.args(), runner, builtIns.runDirectory(), builtIns.pause());
            }
            default -> {
            }
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
