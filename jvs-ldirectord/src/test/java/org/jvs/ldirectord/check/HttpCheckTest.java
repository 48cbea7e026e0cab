package org.jvs.ldirectord.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.ldirectord.testing.Targets;
import org.jvs.ldirectord.testing.TcpResponder;

class HttpCheckTest {
    HttpServer http;
    final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", this::handle);
        http.start();
    }

    @AfterEach
    void tearDown() {
        http.stop(0);
    }

    void handle(HttpExchange x) throws IOException {
        seen.add(x.getRequestMethod() + " " + x.getRequestURI() + " Host=" + x.getRequestHeaders().getFirst("Host"));
        String path = x.getRequestURI().toString();
        int code = 200;
        String body = "OKAY from the real server";
        if (path.endsWith("/broken")) {
            code = 500;
            body = "oops";
        } else if (path.endsWith("/moved")) {
            x.getResponseHeaders().add("Location", "/.healthcheck.html");
            code = 302;
            body = "";
        } else if (path.endsWith("/other")) {
            body = "nothing to see";
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(code, x.getRequestMethod().equals("HEAD") ? -1 : b.length == 0 ? -1 : b.length);
        if (!x.getRequestMethod().equals("HEAD") && b.length > 0) {
            x.getResponseBody().write(b);
        }
        x.close();
    }

    int port() {
        return http.getAddress().getPort();
    }

    @Test
    void matchingBodyWith2xxIsUp() throws Exception {
        CheckResult r = CheckRunner.run(Targets.of(port(), "service=http\nrequest=\".healthcheck.html\"\nreceive=\"OKAY\""));

        assertThat(r).isEqualTo(CheckResult.up("200 OK"));
        assertThat(seen).containsExactly("GET /.healthcheck.html Host=127.0.0.1");
    }

    @Test
    void receiveMismatchIsDownWithTheBody() throws Exception {
        CheckResult r = CheckRunner.run(Targets.of(port(), "service=http\nrequest=\"/other\"\nreceive=\"OKAY\""));

        assertThat(r).isEqualTo(CheckResult.down("nothing to see"));
    }

    @Test
    void serverErrorIsDownWithTheStatusLine() throws Exception {
        CheckResult r = CheckRunner.run(Targets.of(port(), "service=http\nrequest=\"/broken\""));

        assertThat(r).isEqualTo(CheckResult.down("500 Internal Server Error"));
    }

    @Test
    void redirectsAreFollowedAsLwpDoes() throws Exception {
        CheckResult r = CheckRunner.run(Targets.of(port(), "service=http\nrequest=\"/moved\"\nreceive=\"OKAY\""));

        assertThat(r.up()).isTrue();
        assertThat(seen).hasSize(2);
    }

    @Test
    void virtualhostAndHeadAreSent() throws Exception {
        CheckResult r = CheckRunner.run(Targets.of(port(), "service=http\nvirtualhost=www.example.org\nhttpmethod=HEAD"));

        assertThat(r.up()).isTrue();
        assertThat(seen).containsExactly("HEAD / Host=www.example.org");
    }

    @Test
    void proxyCheckAsksForTheAbsoluteUrl() throws Exception {
        CheckResult r = CheckRunner.run(Targets.of(port(),
                "service=http_proxy\nrequest=\"http://www.example.org/page\"\nreceive=\"OKAY\""));

        assertThat(r.up()).isTrue();
        assertThat(seen).containsExactly("GET http://www.example.org/page Host=www.example.org");
    }

    @Test
    void serverThatNeverAnswersIsDown() throws Exception {
        try (TcpResponder silent = new TcpResponder(p -> p.readAll())) {
            CheckResult r = CheckRunner.run(Targets.of(silent.port(), "service=http"));

            assertThat(r.up()).isFalse();
        }
    }

    @Test
    void garbageIsDown() throws Exception {
        try (TcpResponder garbage = new TcpResponder(p -> {
            p.readLine();
            p.write(new byte[] {0, 1, 2, (byte) 0xFF, '\n'});
        })) {
            assertThat(CheckRunner.run(Targets.of(garbage.port(), "service=http")).up()).isFalse();
        }
    }

    @Test
    void endlessBodyIsReadOnlyUpToTheLimit() throws Exception {
        try (TcpResponder flood = new TcpResponder(p -> {
            p.readLine();
            p.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            while (true) {
                p.write(chunk);
            }
        })) {
            assertThat(CheckRunner.run(Targets.of(flood.port(), "service=http\nreceive=\"OKAY\"")).up()).isFalse();
            assertThat(CheckRunner.run(Targets.of(flood.port(), "service=http\nreceive=\"xxx\"")).up()).isTrue();
        }
    }

    @Test
    void chunkedBodiesAreDecoded() throws Exception {
        try (TcpResponder chunked = new TcpResponder(p -> {
            while (!p.readLine().isEmpty()) {
                // request headers
            }
            p.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nOKA\r\n1\r\nY\r\n0\r\n\r\n");
        })) {
            assertThat(CheckRunner.run(Targets.of(chunked.port(), "service=http\nreceive=\"OKAY\"")).up()).isTrue();
        }
    }

    @Test
    void httpsSkipsCertificateVerification() throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(KeyStores.server()));
        https.createContext("/", this::handle);
        https.start();
        try {
            CheckResult r = CheckRunner.run(Targets.tls(https.getAddress().getPort(), "service=https\nreceive=\"OKAY\""));
            assertThat(r.up()).isTrue();
        } finally {
            https.stop(0);
        }
    }

    @Test
    void tutorialCheckAgainstPythonHttpServer(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".healthcheck.html"), "OKAY\n");
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process python = new ProcessBuilder("python3", "-m", "http.server", Integer.toString(port), "--bind", "127.0.0.1",
                "--directory", dir.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            var target = Targets.of(port, "service=http\nrequest=\".healthcheck.html\"\nreceive=\"OKAY\"")
                    .withTimeouts(java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(3));
            CheckResult r = CheckResult.down("not started");
            for (int i = 0; i < 50 && !r.up(); i++) {
                r = CheckRunner.run(target);
                if (!r.up()) {
                    Thread.sleep(100);
                }
            }
            assertThat(r).isEqualTo(CheckResult.up("200 OK"));
            Files.delete(dir.resolve(".healthcheck.html"));
            assertThat(CheckRunner.run(target)).isEqualTo(CheckResult.down("404 File not found"));
        } finally {
            python.destroy();
            python.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
