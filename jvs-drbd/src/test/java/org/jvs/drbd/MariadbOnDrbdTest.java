package org.jvs.drbd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.drbd.daemon.ProcessLauncher;
import org.jvs.lab.Shell;

/**
 * MariaDB on jvs storage as in the tutorial: the Primary's export through nbdfuse, a loop device,
 * ext4, MariaDB's datadir there; rows committed; the Primary killed; the other node promoted, its
 * export mounted, MariaDB started: every committed row is there. Root (loop devices, mounts).
 */
@Tag("netns")
class MariadbOnDrbdTest {
    private static final long SIZE = 192L << 20;
    @TempDir
    Path dir;
    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            try {
                cleanup.get(i).run();
            } catch (RuntimeException e) {
                System.err.println("cleanup: " + e);
            }
        }
    }

    @Test
    void committedRowsSurviveThePrimarysDeath() throws Exception {
        RealTools.requireRoot("loop devices and mounts");
        String nbdfuse = RealTools.require("nbdfuse", "libnbd-bin");
        RealTools.require("fusermount3", "fuse3");
        String mariadbd = RealTools.require("mariadbd", "mariadb-server");
        String installDb = RealTools.require("mariadb-install-db", "mariadb-server");
        String client = RealTools.require("mariadb", "mariadb-client");
        RealTools.require("mkfs.ext4", "e2fsprogs");

        Path conf = dir.resolve("drbd.conf");
        Files.writeString(conf, """
                resource demo {
                  net { protocol C; connect-int 1; ping-int 1; }
                  disk { c-plan-ahead 0; resync-rate 300M; }
                  on server1 { device /dev/drbd1; disk %s; meta-disk internal; address 127.0.0.1:%d; }
                  on server4 { device /dev/drbd1; disk %s; meta-disk internal; address 127.0.0.2:%d; }
                }
                """.formatted(sparse("vdb1.img"), freePort(), sparse("vdb4.img"), freePort()));
        ProcessLauncher launcher = new ProcessLauncher(Map.of());
        CliNode server1 = new CliNode("server1", dir.resolve("run1"), conf, launcher);
        CliNode server4 = new CliNode("server4", dir.resolve("run4"), conf, launcher);
        for (CliNode n : List.of(server1, server4)) {
            cleanup.add(() -> {
                n.drbdadm("secondary", "demo");
                n.drbdadm("down", "demo");
                kill(n.runDir.resolve("drbd/demo.pid"));
            });
            assertThat(n.drbdadm("create-md", "--force", "demo").exit()).isZero();
            assertThat(n.drbdadm("up", "demo").exit()).isZero();
        }
        assertThat(server1.drbdadm("wait-connect", "--timeout=60", "demo").exit()).isZero();
        assertThat(server1.drbdadm("new-current-uuid", "--clear-bitmap", "demo").exit()).isZero();
        assertThat(server4.drbdadm("wait-sync", "--timeout=60", "demo").exit()).isZero();
        assertThat(server1.drbdadm("primary", "demo").exit()).isZero();

        Path data1 = attachAndMount(nbdfuse, server1, "1", true);
        Path db = data1.resolve("mysql");
        run(installDb, "--no-defaults", "--datadir=" + db, "--user=root", "--skip-test-db",
                "--auth-root-authentication-method=normal");
        Process maria1 = startMariadb(mariadbd, db, "m1");
        Path sock1 = dir.resolve("m1/mysqld.sock");
        sql(client, sock1, "CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY, item VARCHAR(40)) ENGINE=InnoDB;");
        List<Integer> committed = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            if (sql(client, sock1, "INSERT INTO shop.orders VALUES (" + i + ", 'item-" + i + "');").exitCode() == 0) {
                committed.add(i);
            }
        }
        assertThat(committed).hasSize(200);

        kill(server1.runDir.resolve("drbd/demo.pid"));
        maria1.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (server4.drbdadm("cstate", "demo").out().startsWith("Connected") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        CliNode.Result promote = server4.drbdadm("primary", "demo");
        assertThat(promote.exit()).as(promote.err()).isZero();
        Path data4 = attachAndMount(nbdfuse, server4, "4", false);
        startMariadb(mariadbd, data4.resolve("mysql"), "m4");
        Shell.Result rows = sql(client, dir.resolve("m4/mysqld.sock"), "SELECT id FROM shop.orders ORDER BY id;");

        assertThat(rows.exitCode()).as(rows.stderr()).isZero();
        List<Integer> found = rows.stdout().lines().map(Integer::parseInt).toList();
        assertThat(found).containsAll(committed);
    }

    /** nbdfuse exposes the export as a file, a loop device sits on it, ext4 is mounted. */
    private Path attachAndMount(String nbdfuse, CliNode node, String tag, boolean mkfs) throws Exception {
        Path fuse = Files.createDirectories(dir.resolve("fuse" + tag));
        String uri = node.drbdadm("sh-dev", "demo").out().strip();
        Process fuser = new ProcessBuilder(nbdfuse, fuse.resolve("disk").toString(), uri)
                .redirectErrorStream(true).redirectOutput(dir.resolve("nbdfuse" + tag + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        cleanup.add(() -> {
            RealTools.runQuietly("fusermount3", "-u", "-z", fuse.toString());
            fuser.destroyForcibly();
        });
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(fuse.resolve("disk")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String loop = run("losetup", "-f", "--show", fuse.resolve("disk").toString()).strip();
        cleanup.add(() -> RealTools.runQuietly("losetup", "-d", loop));
        if (mkfs) {
            run("mkfs.ext4", "-q", loop);
        }
        Path mnt = Files.createDirectories(dir.resolve("mysql" + tag));
        run("mount", "-t", "ext4", loop, mnt.toString());
        cleanup.add(() -> RealTools.runQuietly("umount", "-l", mnt.toString()));
        return mnt;
    }

    private Process startMariadb(String mariadbd, Path datadir, String tag) throws Exception {
        Path run = Files.createDirectories(dir.resolve(tag));
        Process p = new ProcessBuilder(mariadbd, "--no-defaults", "--datadir=" + datadir, "--user=root",
                "--socket=" + run.resolve("mysqld.sock"), "--pid-file=" + run.resolve("mysqld.pid"), "--skip-networking",
                "--innodb-buffer-pool-size=16M", "--innodb-log-file-size=8M", "--innodb-flush-log-at-trx-commit=1",
                "--log-error=" + run.resolve("error.log")).redirectErrorStream(true)
                .redirectOutput(run.resolve("out.log").toFile()).start();
        cleanup.add(() -> {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(run.resolve("mysqld.sock")) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Files.exists(run.resolve("mysqld.sock"))).as("MariaDB up; see " + run.resolve("error.log")).isTrue();
        return p;
    }

    private static Shell.Result sql(String client, Path socket, String statements) throws Exception {
        return Shell.tryRun(List.of(client, "--no-defaults", "-S", socket.toString(), "-u", "root", "-N", "-B", "-e",
                statements));
    }

    private static String run(String... cmd) throws Exception {
        return Shell.run(List.of(cmd));
    }

    private static void kill(Path pidFile) {
        try {
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(h -> {
                    h.destroyForcibly();
                    h.onExit().orTimeout(10, TimeUnit.SECONDS).join();
                });
                Files.deleteIfExists(pidFile);
                Files.deleteIfExists(pidFile.resolveSibling("demo.ctl"));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Path sparse(String name) throws Exception {
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(SIZE);
        }
        return p;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
