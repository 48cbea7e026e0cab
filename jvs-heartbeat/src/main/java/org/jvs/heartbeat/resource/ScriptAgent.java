package org.jvs.heartbeat.resource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A heartbeat resource script or LSB init script, called as {@code SCRIPT [ARGS...] start|stop|status}
 * (the haresources {@code ::} arguments come first). Status is decided by the text the script
 * prints. Thread-safe.
 */
public final class ScriptAgent implements ResourceAgent {
    private final Path script;
    private final List<String> args;
    private final CommandRunner runner;
    private final Duration timeout;

    public ScriptAgent(Path script, List<String> args, CommandRunner runner, Duration timeout) {
        this.script = script;
        this.args = List.copyOf(args);
        this.runner = runner;
        this.timeout = timeout;
    }

    private CommandRunner.Result call(String action) {
        List<String> cmd = new ArrayList<>();
        cmd.add(script.toString());
        cmd.addAll(args);
        cmd.add(action);
        return runner.run(cmd, timeout);
    }

    @Override
    public CommandRunner.Result start() {
        return call("start");
    }

    @Override
    public CommandRunner.Result stop() {
        return call("stop");
    }

    @Override
    public boolean running() {
        CommandRunner.Result r = call("status");
        // ResourceManager reads the status text from standard output only.
        return StatusText.meansRunning(r.stdout());
    }

    @Override
    public String describe() {
        return (script + " " + String.join(" ", args)).strip();
    }
}
