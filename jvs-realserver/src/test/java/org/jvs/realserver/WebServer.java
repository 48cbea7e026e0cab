package org.jvs.realserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jvs.lab.Host;
import org.jvs.lab.Shell;

/** A real web server ({@code python3 -m http.server}) on a lab host, and curl as its client. */
final class WebServer {
    private WebServer() {
    }

    /**
     * Serves a page naming {@code host} on port 80 (every address, the VIP included) and waits (at most
     * 5 s) until it accepts connections.
     *
     * @return its log, one line per request with the client's address
     */
    static Path serve(Host host, Path workDir) throws IOException, InterruptedException {
        Path docs = Files.createDirectories(workDir.resolve("www-" + host.name()));
        Files.writeString(docs.resolve("index.html"), host.name() + "\n");
        Path log = workDir.resolve("access-" + host.name() + ".log");
        host.spawn(log, "python3", "-u", "-m", "http.server", "80", "--directory", docs.toString());
        for (int i = 0; i < 100; i++) {
            if (host.tryRun("python3", "-c", "import socket; socket.create_connection(('127.0.0.1', 80), 1)")
                    .exitCode() == 0) {
                return log;
            }
            Thread.sleep(50);
        }
        throw new IOException("web server on " + host + " did not start");
    }

    /** {@code n} requests with curl from {@code client}: who answered each, in order. */
    static List<String> answers(Host client, String url, int n) throws IOException {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Shell.Result r = client.tryRun("curl", "-s", "-m", "5", url);
            answers.add(r.exitCode() == 0 ? r.stdout().strip() : "curl-exit-" + r.exitCode());
        }
        return answers;
    }
}
