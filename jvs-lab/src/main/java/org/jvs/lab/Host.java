package org.jvs.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One host of a {@link NetLab}: a network namespace. Commands run inside it with
 * {@code nsenter --net} (network namespace only: mounts and files stay shared with the caller).
 * Not thread-safe.
 */
public final class Host {
    private final NetLab lab;
    private final String name;
    private final String namespace;

    Host(NetLab lab, String name, String namespace) {
        this.lab = lab;
        this.name = name;
        this.namespace = namespace;
    }

    /** The short name given by the test (client, director, rs1...). */
    public String name() {
        return name;
    }

    /** The namespace's name under /run/netns. */
    public String namespace() {
        return namespace;
    }

    /** The namespace file, for setns(2). */
    public Path namespacePath() {
        return Path.of("/run/netns", namespace);
    }

    /** The prefix that runs a command in this host's network namespace. */
    public List<String> prefix() {
        return List.of("nsenter", "--net=" + namespacePath());
    }

    /** Runs a command to completion inside the host; throws when it fails. */
    public String run(String... command) throws IOException {
        return Shell.run(wrap(command));
    }

    /** Runs a command inside the host and returns its result whatever the exit code. */
    public Shell.Result tryRun(String... command) throws IOException {
        return Shell.tryRun(wrap(command));
    }

    /** Sets a sysctl inside the host (net.* sysctls are per namespace). */
    public void sysctl(String key, String value) throws IOException {
        run("sysctl", "-q", "-w", key + "=" + value);
    }

    /**
     * Starts a long-running process inside the host; the lab kills it on close. Output goes to
     * {@code log} (appended), or is discarded when null.
     */
    public Process spawn(Path log, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(wrap(command));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (log == null) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        return lab.track(pb.start());
    }

    /** Starts a process with a caller-configured builder (command already wrapped by {@link #wrap}). */
    public Process spawn(ProcessBuilder builder) throws IOException {
        return lab.track(builder.start());
    }

    /** The command line that runs {@code command} inside this host. */
    public List<String> wrap(String... command) {
        List<String> all = new ArrayList<>(prefix());
        all.addAll(List.of(command));
        return all;
    }

    @Override
    public String toString() {
        return name + "(" + namespace + ")";
    }
}
