package org.jvs.heartbeat.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jvs.common.RunDirectory;
import org.jvs.drbd.DeviceAttachment;
import org.jvs.drbd.DeviceExports;
import org.jvs.drbd.config.ConfigParser;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.jvs.lab.Shell;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial's database pair, server1 and server4, as two whole machines (own host names and
 * mounts) running jvs drbd and jvs heartbeat with the tutorial's line, unchanged:
 * {@code server1 IPaddr::172.25.254.100/24/eth0 drbddisk::demo Filesystem::/dev/drbd1::/var/lib/mysql::ext4 mysqld}.
 * Data written on the active node's /var/lib/mysql is there on the other one after a standby, and
 * back after the other machine dies.
 */
@Tag("netns")
class DatabasePairNetnsTest {
    private static final String VIP = "172.25.254.100";
    private static final String HARESOURCES =
            "server1 IPaddr::" + VIP + "/24/eth0 drbddisk::demo Filesystem::/dev/drbd1::/var/lib/mysql::ext4 mysqld\n";
    /** A stand-in database in LSB style: each start appends a line to its data directory. */
    private static final String MYSQLD = """
            #!/bin/sh
            STATE=%1$s/mysqld.running
            case "$1" in
              start) echo "started on $(uname -n)" >> /var/lib/mysql/rows && sync /var/lib/mysql/rows && touch $STATE ;;
              stop) rm -f $STATE ;;
              status) if [ -e $STATE ]; then echo "mysqld is running"; else echo "mysqld is stopped"; fi ;;
            esac
            exit 0
            """;

    @TempDir
    Path dir;

    @Test
    void dataOnTheActiveNodesFileSystemFollowsTheGroup() throws Exception {
        assumeTrue(NetLab.available(), "skipped: namespaces, loop devices and mounts need root");
        for (String tool : List.of("nbdfuse", "fusermount3", "losetup", "mkfs.ext4", "fuser")) {
            assumeTrue(Shell.tryRun(List.of("sh", "-c", "command -v " + tool)).exitCode() == 0,
                    "skipped: " + tool + " not installed (libnbd-bin, fuse3, util-linux, e2fsprogs, psmisc)");
        }
        Path conf = dir.resolve("drbd.conf");
        Files.writeString(conf, """
                resource demo {
                  net { protocol C; connect-int 1; ping-int 1; }
                  disk { c-plan-ahead 0; resync-rate 300M; }
                  on server1 { device /dev/drbd1; disk %s; meta-disk internal; address 172.25.254.1:7789; }
                  on server4 { device /dev/drbd1; disk %s; meta-disk internal; address 172.25.254.4:7789; }
                }
                """.formatted(image("vdb1.img"), image("vdb4.img")));
        List<Machine> machines = new ArrayList<>();
        DeviceAttachment mkfsAttachment = new DeviceAttachment(new RunDirectory(dir.resolve("mkfs")));
        try (NetLab lab = NetLab.create("jvshbd")) {
            try {
                Segment seg = new Segment(lab);
                Machine m1 = machine(seg.attach("server1", "172.25.254.1/24"), "server1", conf);
                Machine m4 = machine(seg.attach("server4", "172.25.254.4/24"), "server4", conf);
                machines.addAll(List.of(m1, m4));
                for (Machine m : machines) {
                    ok(m.drbdadm("create-md", "--force", "demo"));
                    ok(m.drbdadm("up", "demo"));
                }
                ok(m1.drbdadm("wait-connect", "--timeout=60", "demo"));
                ok(m1.drbdadm("new-current-uuid", "--clear-bitmap", "demo"));
                ok(m1.drbdadm("primary", "demo"));
                // mkfs once on the Primary's export, from outside the machines.
                DeviceExports.Export export = DeviceExports.of(ConfigParser.parse(conf).resource("demo").orElseThrow(),
                        "server1", new RunDirectory(m1.runDir)).getFirst();
                Path device = mkfsAttachment.attach(export);
                ok(Shell.tryRun(List.of("mkfs.ext4", "-q", device.toString())));
                mkfsAttachment.detach(export);
                ok(m1.drbdadm("secondary", "demo"));

                for (Machine m : machines) {
                    heartbeat(m);
                }
                await("server1 to run the group", () -> rows(m1).contains("started on server1"), machines);
                assertThat(m1.run("ip", "-o", "addr", "show", "dev", "eth0").stdout()).contains(VIP + "/24");
                ok(m1.run("sh", "-c", "echo order-42 > /var/lib/mysql/orders && sync /var/lib/mysql/orders"));

                // hb_standby: server1 stops the group right to left, server4 takes it left to right.
                ok(m1.run(m1.java("org.jvs.heartbeat.Heartbeat", "--config-dir", confDir(m1).toString(), "standby")));
                await("server4 to run the group", () -> rows(m4).contains("started on server4"), machines);
                assertThat(m4.read("/var/lib/mysql/orders")).isEqualTo("order-42\n");
                assertThat(m1.mounted("/var/lib/mysql")).isFalse();
                assertThat(m1.drbdadm("role", "demo").stdout()).startsWith("Secondary");
                assertThat(Files.exists(m1.runDir.resolve("drbd/demo.0.attached"))).as("detached on stop").isFalse();
                ok(m4.run("sh", "-c", "echo order-43 >> /var/lib/mysql/orders && sync /var/lib/mysql/orders"));

                // server4 dies whole (heartbeat, drbd, nbdfuse): server1 takes the group back.
                m4.kill9();
                m4.host.run("ip", "link", "set", "eth0", "down");
                await("server1 to run the group again",
                        () -> rows(m1).lines().filter("started on server1"::equals).count() == 2, List.of(m1));
                assertThat(m1.read("/var/lib/mysql/orders")).isEqualTo("order-42\norder-43\n");
                assertThat(rows(m1)).isEqualTo("started on server1\nstarted on server4\nstarted on server1\n");
            } finally {
                for (Machine m : machines) {
                    m.kill9();
                }
                // Dead machines take their mounts with them; loop devices need detaching.
                detachLoops(machines);
            }
        }
    }

    private Path image(String name) throws IOException {
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        return p;
    }

    private Path confDir(Machine m) {
        return dir.resolve(m.name).resolve("ha.d");
    }

    /** The machine, with drbd.conf in place of /etc/drbd.conf and heartbeat's files written. */
    private Machine machine(Host host, String name, Path drbdConf) throws Exception {
        Path node = Files.createDirectories(dir.resolve(name));
        Path ha = Files.createDirectories(node.resolve("ha.d/resource.d"));
        Files.writeString(node.resolve("ha.d/ha.cf"), """
                keepalive 200ms
                deadtime 1
                initdead 2
                udpport 694
                bcast eth0
                auto_failback off
                node server1 server4
                """);
        Path authkeys = node.resolve("ha.d/authkeys");
        Files.writeString(authkeys, "auth 1\n1 sha1 demo-database-pair\n");
        Files.setPosixFilePermissions(authkeys, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(node.resolve("ha.d/haresources"), HARESOURCES);
        Path mysqld = ha.resolve("mysqld");
        Files.writeString(mysqld, MYSQLD.formatted(node));
        Files.setPosixFilePermissions(mysqld, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Machine.start(host, name, node.resolve("run"), node.resolve("machine.log"),
                List.<Path[]>of(new Path[] {Path.of("/etc/drbd.conf"), drbdConf}));
    }

    private void heartbeat(Machine m) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(HeartbeatDaemon.FAILED_STOP_ENV + "=halt"));
        cmd.addAll(List.of(m.java("org.jvs.heartbeat.Heartbeat", "--config-dir", confDir(m).toString(), "start")));
        m.spawn(dir.resolve(m.name).resolve("jvs.log"), cmd.toArray(String[]::new));
    }

    private static String rows(Machine m) throws IOException {
        return m.read("/var/lib/mysql/rows");
    }

    private static void ok(Shell.Result r) {
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    }

    interface IoCondition {
        boolean holds() throws IOException;
    }

    /** Polls every 100 ms for at most 60 s; fails with the heartbeat logs. */
    private void await(String what, IoCondition condition, List<Machine> logs) throws Exception {
        BooleanSupplier s = () -> {
            try {
                return condition.holds();
            } catch (IOException e) {
                return false;
            }
        };
        for (int i = 0; i < 600; i++) {
            if (s.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        StringBuilder sb = new StringBuilder("timed out waiting for " + what);
        for (Machine m : logs) {
            Path log = dir.resolve(m.name).resolve("jvs.log");
            String text = Files.exists(log) ? Files.readString(log) : "";
            sb.append("\n--- ").append(m.name).append(" ---\n")
                    .append(text.substring(Math.max(0, text.length() - 6000)));
        }
        throw new AssertionError(sb.toString());
    }

    /** Detaches the loop devices the machines and the mkfs step attached and left behind. */
    private void detachLoops(List<Machine> machines) throws IOException {
        List<Path> runs = new ArrayList<>(machines.stream().map(m -> m.runDir).toList());
        runs.add(dir.resolve("mkfs"));
        for (Path run : runs) {
            Path record = run.resolve("drbd/demo.0.attached");
            if (Files.exists(record)) {
                Shell.tryRun(List.of("losetup", "-d", Files.readString(record).strip()));
            }
            if (Files.isDirectory(run.resolve("drbd/demo.0.nbdfuse"))) {
                Shell.tryRun(List.of("fusermount3", "-u", "-z", run.resolve("drbd/demo.0.nbdfuse").toString()));
            }
        }
    }
}
