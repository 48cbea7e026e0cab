package org.jvs.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jvs.lab.Host;

/**
 * The tutorial's real web server for ldirectord: {@code python3 -m http.server 80} on a lab host,
 * serving {@code index.html} (the host's name, so a client sees who answered) and
 * {@code .healthcheck.html} (OKAY), logging every request with the client's address. It can be
 * stopped, started again and have its health page changed, as an operator would. Not thread-safe.
 */
final class HealthPageServer {
    /** Where health checks come from: the director's own address on the segment. */
    static final String DIRECTOR = "172.25.254.1";
    private final Host host;
    private final Path docs;
    private final Path log;
    private Process process;
    private long checksBeforeStart;

    private HealthPageServer(Host host, Path docs, Path log) {
        this.host = host;
        this.docs = docs;
        this.log = log;
    }

    /** Creates the pages of {@code host} under {@code workDir} and starts serving them. */
    static HealthPageServer start(Host host, Path workDir) throws IOException, InterruptedException {
        Path docs = Files.createDirectories(workDir.resolve("www-" + host.name()));
        Files.writeString(docs.resolve("index.html"), host.name() + "\n");
        HealthPageServer s = new HealthPageServer(host, docs, workDir.resolve("access-" + host.name() + ".log"));
        s.healthPage("OKAY\n");
        s.start();
        return s;
    }

    /** The host it runs on. */
    Host host() {
        return host;
    }

    /** Starts the server unless it runs; returns when port 80 accepts connections (at most 5 s). */
    void start() throws IOException, InterruptedException {
        if (running()) {
            return;
        }
        checksBeforeStart = requestsFrom(DIRECTOR);
        process = host.spawn(log, "python3", "-u", "-m", "http.server", "80", "--directory", docs.toString());
        for (int i = 0; i < 100; i++) {
            if (host.tryRun("python3", "-c", "import socket; socket.create_connection(('127.0.0.1', 80), 1)")
                    .exitCode() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("web server on " + host + " did not start: " + Files.readString(log));
    }

    /** Stops the server (connections to port 80 are refused afterwards). */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** Replaces the content of {@code .healthcheck.html}. */
    void healthPage(String content) throws IOException {
        Files.writeString(docs.resolve(".healthcheck.html"), content);
    }

    /** Waits (at most 20 s) until the director has checked this server {@code n} times since it started. */
    void awaitChecks(int n) throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (requestsFrom(DIRECTOR) - checksBeforeStart >= n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(host + " was not checked " + n + " times within 20 s:\n" + Files.readString(log));
    }

    /** How many requests from {@code clientAddress} the server has logged so far. */
    long requestsFrom(String clientAddress) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.startsWith(clientAddress + " - - ")).count();
        }
    }
}
