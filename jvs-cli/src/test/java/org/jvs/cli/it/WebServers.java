package org.jvs.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jvs.lab.Host;
import org.jvs.lab.Shell;

/** Real web servers ({@code python3 -m http.server}) on lab hosts, and a curl client that counts answers. */
final class WebServers {
    private WebServers() {
    }

    /** Serves a page saying {@code host.name()} on port 80 of {@code host}; logs requests to {@code access.log}. */
    static Path serve(Host host, Path workDir) throws IOException, InterruptedException {
        Path docs = Files.createDirectories(workDir.resolve("www-" + host.name()));
        Files.writeString(docs.resolve("index.html"), host.name() + "\n");
        Path log = workDir.resolve("access-" + host.name() + ".log");
        host.spawn(log, "python3", "-u", "-m", "http.server", "80", "--directory", docs.toString());
        for (int i = 0; i < 100; i++) {
            if (host.tryRun("python3", "-c", "import socket; socket.create_connection(('127.0.0.1', 80), 1)").exitCode() == 0) {
                return log;
            }
            Thread.sleep(50);
        }
        throw new IOException("web server on " + host + " did not start");
    }

    /** {@code n} requests with curl from {@code client} to {@code url}: how many each server answered. */
    static Map<String, Integer> requests(Host client, String url, int n) throws IOException {
        Map<String, Integer> split = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            Shell.Result r = client.tryRun("curl", "-s", "-m", "5", url);
            String who = r.exitCode() == 0 ? r.stdout().strip() : "curl-exit-" + r.exitCode();
            split.merge(who, 1, Integer::sum);
        }
        return split;
    }

    /** The sequence of servers answering {@code n} requests. */
    static List<String> sequence(Host client, String url, int n) throws IOException {
        List<String> seq = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Shell.Result r = client.tryRun("curl", "-s", "-m", "5", url);
            seq.add(r.exitCode() == 0 ? r.stdout().strip() : "curl-exit-" + r.exitCode());
        }
        return seq;
    }
}
