package org.jvs.ldirectord.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jvs.ldirectord.testing.Targets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code service=mysql} against a real MariaDB server (Debian's mariadb-server) on loopback: the
 * check logs in with ldirectord's login/passwd/database, runs the request and is up only when it
 * returns a row, as DBD::mysql does for the real ldirectord.
 */
class MariadbCheckTest {
    private static final String LOGIN = "login=\"monitor\"\npasswd=\"s3cret\"\n";
    @TempDir
    static Path dir;
    private static Process mariadb;
    private static int port;

    @BeforeAll
    static void startMariadb() throws Exception {
        String mariadbd = tool("mariadbd");
        String installDb = tool("mariadb-install-db");
        String client = tool("mariadb");
        boolean root = "root".equals(System.getProperty("user.name"));
        Path data = dir.resolve("data");
        Path socket = dir.resolve("mysqld.sock");
        port = freePort();
        List<String> install = new ArrayList<>(List.of(installDb, "--no-defaults", "--datadir=" + data,
                "--skip-test-db", "--auth-root-authentication-method=normal"));
        List<String> server = new ArrayList<>(List.of(mariadbd, "--no-defaults", "--datadir=" + data,
                "--socket=" + socket, "--port=" + port, "--bind-address=127.0.0.1", "--pid-file=" + dir.resolve("mysqld.pid"),
                "--innodb-buffer-pool-size=16M", "--log-error=" + dir.resolve("error.log")));
        if (root) {
            install.add("--user=root");
            server.add("--user=root");
        }
        run(install);
        mariadb = new ProcessBuilder(server).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket) && mariadb.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Files.exists(socket)).as("MariaDB up; see " + dir.resolve("error.log")).isTrue();
        run(List.of(client, "--no-defaults", "-S", socket.toString(), "-u", "root", "-e", """
                CREATE DATABASE app;
                CREATE TABLE app.health (id INT);
                INSERT INTO app.health VALUES (1);
                CREATE TABLE app.empty (id INT);
                CREATE USER 'monitor'@'127.0.0.1' IDENTIFIED BY 's3cret';
                GRANT SELECT ON app.* TO 'monitor'@'127.0.0.1';
                """));
    }

    @AfterAll
    static void stopMariadb() throws InterruptedException {
        if (mariadb != null) {
            mariadb.destroy();
            if (!mariadb.waitFor(30, TimeUnit.SECONDS)) {
                mariadb.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String tool(String name) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return d + "/" + name;
            }
        }
        assumeTrue(false, name + " not installed (Debian package mariadb-server): test skipped");
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0).as(command.getFirst() + ": " + out).isTrue();
    }

    private static CheckResult check(String block) throws Exception {
        return CheckRunner.run(Targets.of(port, "service=mysql\n" + block).withTimeouts(Targets.TLS_TIMEOUT, Targets.TLS_TIMEOUT));
    }

    @Test
    void upWhenTheQueryReturnsARow() throws Exception {
        assertThat(check(LOGIN + "database=\"app\"\nrequest=\"SELECT id FROM health\"").up()).isTrue();
    }

    @Test
    void downWhenTheQueryReturnsNoRow() throws Exception {
        assertThat(check(LOGIN + "database=\"app\"\nrequest=\"SELECT id FROM empty\"").up()).isFalse();
    }

    @Test
    void downWithTheWrongPasswordOrAnUnknownDatabaseOrABadQuery() throws Exception {
        assertThat(check("login=\"monitor\"\npasswd=\"wrong\"\ndatabase=\"app\"\nrequest=\"SELECT 1\"").up()).isFalse();
        assertThat(check(LOGIN + "database=\"nosuchdb\"\nrequest=\"SELECT 1\"").up()).isFalse();
        assertThat(check(LOGIN + "database=\"app\"\nrequest=\"SELECT id FROM nosuchtable\"").up()).isFalse();
    }

    @Test
    void aLeadingSlashOfTheRequestIsDroppedAsLdirectordDoes() throws Exception {
        assertThat(check(LOGIN + "database=\"app\"\nrequest=\"/SELECT id FROM health\"").up()).isTrue();
    }
}
