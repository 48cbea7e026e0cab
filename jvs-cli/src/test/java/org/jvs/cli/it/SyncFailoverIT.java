package org.jvs.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two jvs directors with connection sync (`ipvsadm --start-daemon master|backup`): the backup's
 * table holds the master's connections, and when the virtual addresses move to the backup in the
 * middle of a download (the master's link goes down, the backup takes the addresses and announces
 * them with gratuitous ARP, as heartbeat's IPaddr does), the download continues through the backup
 * and arrives intact — for LVS-DR and for LVS-NAT. Without sync the backup would not know the
 * connection and drop its packets (no SYN, nothing to schedule), which the last test shows.
 */
@Tag("netns")
class SyncFailoverIT {
    /** More than the client's largest receive window, so the real server needs its ACKs through a director. */
    private static final int FILE_MB = 64;
    @TempDir
    Path work;

    /** Takes the address and announces it (in the background, as IPaddr does, so both moves are quick). */
    private static void announce(Host h, String ifName, String cidr) throws Exception {
        h.run("ip", "addr", "add", cidr, "dev", ifName);
        h.spawn(null, "arping", "-q", "-U", "-c", "3", "-w", "3", "-I", ifName, cidr.split("/")[0]);
    }

    private Path bigFile(Host rs) throws Exception {
        Path file = work.resolve("www-" + rs.name()).resolve("big.bin");
        byte[] data = new byte[FILE_MB << 20];
        new java.util.Random(11).nextBytes(data);
        Files.write(file, data);
        return file;
    }

    private static void startSync(DirectorHost master, DirectorHost backup) throws Exception {
        master.ipvsadm("--start-daemon", "master", "--mcast-interface", "eth0");
        backup.ipvsadm("--start-daemon", "backup", "--mcast-interface", "eth0");
        assertThat(master.ipvsadm("-L", "--daemon")).isEqualTo("master sync daemon (mcast=eth0, syncid=0)\n");
        assertThat(backup.ipvsadm("-L", "--daemon")).isEqualTo("backup sync daemon (mcast=eth0, syncid=0)\n");
    }

    /** Waits until the backup lists an established connection of the client, and returns its listing. */
    private static String awaitSynced(DirectorHost backup, String client) throws Exception {
        String listing = "";
        for (int i = 0; i < 50; i++) {
            listing = backup.ipvsadm("-Lnc");
            if (listing.lines().anyMatch(l -> l.contains("ESTABLISHED") && l.contains(client + ":"))) {
                return listing;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the backup never listed the client's connection:\n" + listing);
    }

    /** Starts a rate-limited download (about 8 s) from the client, to be checked after the failover. */
    private Process download(Host client, String url, Path to, int maxSeconds) throws Exception {
        return client.spawn(new ProcessBuilder(client.wrap("curl", "-s", "-m", String.valueOf(maxSeconds), "--limit-rate", "8M",
                "-o", to.toString(), url)).redirectErrorStream(true).redirectOutput(work.resolve("curl.log").toFile()));
    }

    @Test
    void directRoutingDownloadSurvivesTheMoveOfTheVipToTheBackup() throws Exception {
        assertThat(directRoutingFailover(true, 60)).as("curl's exit status").isZero();
    }

    @Test
    void withoutSyncTheSameDownloadBreaks() throws Exception {
        // The backup does not know the connection: the client's packets are not scheduled (no SYN)
        // and the real server never hears from the client again; curl gives up at its time limit.
        assertThat(directRoutingFailover(false, 15)).as("curl's exit status").isNotZero();
    }

    /** The DR failover with or without sync; returns curl's exit status (and checks the data when 0). */
    private int directRoutingFailover(boolean sync, int curlSeconds) throws Exception {
        assumeTrue(NetLab.available(), "skipped: the sync failover tests build network namespaces and need root");
        try (NetLab lab = NetLab.create(sync ? "jvssd" : "jvssx")) {
            Host lan = lab.switchHost("lan");
            Host client = lab.host("client");
            Host a = lab.host("dira");
            Host b = lab.host("dirb");
            Host rs1 = lab.host("rs1");
            Host rs2 = lab.host("rs2");
            lab.attach(lan, client, "eth0", "172.25.254.10/24");
            lab.attach(lan, a, "eth0", "172.25.254.11/24");
            lab.attach(lan, b, "eth0", "172.25.254.12/24");
            lab.attach(lan, rs1, "eth0", "172.25.254.2/24");
            lab.attach(lan, rs2, "eth0", "172.25.254.3/24");
            for (Host rs : List.of(rs1, rs2)) {
                rs.run("ip", "addr", "add", "172.25.254.100/32", "dev", "lo");
                for (String dev : List.of("all", "eth0")) {
                    rs.sysctl("net.ipv4.conf." + dev + ".arp_ignore", "1");
                    rs.sysctl("net.ipv4.conf." + dev + ".arp_announce", "2");
                }
                WebServers.serve(rs, work);
            }
            Path file = bigFile(rs1);
            Files.copy(file, work.resolve("www-rs2").resolve("big.bin"));
            a.run("ip", "addr", "add", "172.25.254.100/24", "dev", "eth0");
            DirectorHost master = DirectorHost.start(a, work);
            DirectorHost backup = DirectorHost.start(b, work);
            for (DirectorHost d : List.of(master, backup)) {
                d.ipvsadm("-A", "-t", "172.25.254.100:80", "-s", "rr");
                d.ipvsadm("-a", "-t", "172.25.254.100:80", "-r", "172.25.254.2", "-g");
                d.ipvsadm("-a", "-t", "172.25.254.100:80", "-r", "172.25.254.3", "-g");
            }
            if (sync) {
                startSync(master, backup);
            }

            Path got = work.resolve("got-dr.bin");
            Process curl = download(client, "http://172.25.254.100/big.bin", got, curlSeconds);
            if (sync) {
                assertThat(awaitSynced(backup, "172.25.254.10")).contains("172.25.254.100:80");
            } else {
                Thread.sleep(1000);
            }
            a.run("ip", "link", "set", "eth0", "down");
            announce(b, "eth0", "172.25.254.100/24");

            assertThat(curl.waitFor(curlSeconds + 10, TimeUnit.SECONDS)).isTrue();
            if (curl.exitValue() == 0) {
                assertThat(Files.mismatch(file, got)).as("the download arrived intact").isEqualTo(-1L);
                // The backup carried the rest of the client's packets.
                assertThat(backup.ipvsadm("-Ln", "--stats")).containsPattern("TCP  172\\.25\\.254\\.100:80 +\\d+ +[1-9]\\d* ");
            }
            return curl.exitValue();
        }
    }

    @Test
    void natDownloadSurvivesTheMoveOfVipAndDipToTheBackup() throws Exception {
        assertThat(natFailover(true, 60)).as("curl's exit status").isZero();
    }

    @Test
    void withoutSyncTheSameNatDownloadBreaks() throws Exception {
        assertThat(natFailover(false, 15)).as("curl's exit status").isNotZero();
    }

    /** The NAT failover with or without sync; returns curl's exit status (and checks the data when 0). */
    private int natFailover(boolean sync, int curlSeconds) throws Exception {
        assumeTrue(NetLab.available(), "skipped: the sync failover tests build network namespaces and need root");
        try (NetLab lab = NetLab.create(sync ? "jvssn" : "jvssy")) {
            Host front = lab.switchHost("front");
            Host back = lab.switchHost("back");
            Host client = lab.host("client");
            Host a = lab.host("dira");
            Host b = lab.host("dirb");
            Host rs1 = lab.host("rs1");
            lab.attach(front, client, "eth0", "172.16.100.2/24");
            client.run("ip", "route", "add", "default", "via", "172.16.100.1");
            for (Host d : List.of(a, b)) {
                String own = d == a ? "11" : "12";
                lab.attach(front, d, "eth0", "172.16.100." + own + "/24");
                lab.attach(back, d, "eth1", "172.25.254." + own + "/24");
                d.sysctl("net.ipv4.ip_forward", "1");
            }
            lab.attach(back, rs1, "eth0", "172.25.254.2/24");
            rs1.run("ip", "route", "add", "default", "via", "172.25.254.1");
            WebServers.serve(rs1, work);
            Path file = bigFile(rs1);
            a.run("ip", "addr", "add", "172.16.100.1/24", "dev", "eth0");
            a.run("ip", "addr", "add", "172.25.254.1/24", "dev", "eth1");
            DirectorHost master = DirectorHost.start(a, work);
            DirectorHost backup = DirectorHost.start(b, work);
            for (DirectorHost d : List.of(master, backup)) {
                d.ipvsadm("-A", "-t", "172.16.100.1:80", "-s", "rr");
                d.ipvsadm("-a", "-t", "172.16.100.1:80", "-r", "172.25.254.2", "-m");
            }
            if (sync) {
                startSync(master, backup);
            }

            Path got = work.resolve("got-nat.bin");
            Process curl = download(client, "http://172.16.100.1/big.bin", got, curlSeconds);
            if (sync) {
                awaitSynced(backup, "172.16.100.2");
            } else {
                Thread.sleep(1000);
            }
            a.run("ip", "link", "set", "eth0", "down");
            a.run("ip", "link", "set", "eth1", "down");
            announce(b, "eth0", "172.16.100.1/24");
            announce(b, "eth1", "172.25.254.1/24");

            assertThat(curl.waitFor(curlSeconds + 10, TimeUnit.SECONDS)).isTrue();
            if (curl.exitValue() == 0) {
                assertThat(Files.mismatch(file, got)).as("the download arrived intact").isEqualTo(-1L);
                // The backup carried the rest of it, both ways.
                assertThat(backup.ipvsadm("-Ln", "--stats")).containsPattern("TCP  172\\.16\\.100\\.1:80 +\\d+ +[1-9]\\d* +[1-9]\\d* ");
            }
            return curl.exitValue();
        }
    }
}
