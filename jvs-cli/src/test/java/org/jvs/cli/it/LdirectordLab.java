package org.jvs.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.jvs.lab.Host;
import org.jvs.lab.NetLab;
import org.jvs.lab.Shell;

/**
 * The LVS tutorial's DR cluster for the ldirectord tests, in network namespaces on one segment:
 * a client 172.25.254.10, the director 172.25.254.1 holding the VIP 172.25.254.100 and running
 * {@code bin/jvs director}, real servers 172.25.254.2 (rs1) and .3 (rs2) with the VIP on {@code lo}
 * and ARP suppressed, each serving {@code .healthcheck.html} with OKAY. Closing it stops every
 * process and removes the namespaces. Not thread-safe.
 */
final class LdirectordLab implements AutoCloseable {
    static final String VIP = "172.25.254.100";
    static final String CLIENT = "172.25.254.10";
    /** The tutorial's ldirectord.cf, as the issue completes it. */
    static final String TUTORIAL_CF = """
            checktimeout=3
            checkinterval=1
            autoreload=yes
            quiescent=no
            virtual=172.25.254.100:80
                    real=172.25.254.2:80 gate
                    real=172.25.254.3:80 gate
                    fallback=127.0.0.1:80 gate
                    service=http
                    request=".healthcheck.html"
                    receive="OKAY"
                    scheduler=rr
                    protocol=tcp
                    checktype=negotiate
            """;
    /**
     * Longest wait for the table to reach a state: far above checkinterval + checktimeout (1 + 3 s),
     * and above what Debian's ldirectord needs when each of the several ipvsadm runs of its check
     * cycle is a JVM start of the drop-in (about half a second each on a loaded 2-core machine).
     */
    static final Duration TABLE_WAIT = Duration.ofSeconds(40);

    private final NetLab lab;
    private final Path work;
    private final Host client;
    private final Host directorHost;
    private final DirectorHost director;
    private final HealthPageServer rs1;
    private final HealthPageServer rs2;

    private LdirectordLab(NetLab lab, Path work, Host client, Host directorHost, DirectorHost director,
                          HealthPageServer rs1, HealthPageServer rs2) {
        this.lab = lab;
        this.work = work;
        this.client = client;
        this.directorHost = directorHost;
        this.director = director;
        this.rs1 = rs1;
        this.rs2 = rs2;
    }

    /** Builds the network under the namespace prefix {@code prefix}, with files in {@code work}. */
    static LdirectordLab build(String prefix, Path work) throws IOException, InterruptedException {
        NetLab lab = NetLab.create(prefix);
        try {
            Host lan = lab.switchHost("lan");
            Host client = lab.host("client");
            Host dir = lab.host("director");
            Host h1 = lab.host("rs1");
            Host h2 = lab.host("rs2");
            lab.attach(lan, client, "eth0", CLIENT + "/24");
            lab.attach(lan, dir, "eth0", "172.25.254.1/24");
            dir.run("ip", "addr", "add", VIP + "/24", "dev", "eth0");
            lab.attach(lan, h1, "eth0", "172.25.254.2/24");
            lab.attach(lan, h2, "eth0", "172.25.254.3/24");
            for (Host rs : List.of(h1, h2)) {
                rs.run("ip", "addr", "add", VIP + "/32", "dev", "lo");
                for (String dev : List.of("all", "eth0")) {
                    rs.sysctl("net.ipv4.conf." + dev + ".arp_ignore", "1");
                    rs.sysctl("net.ipv4.conf." + dev + ".arp_announce", "2");
                }
            }
            HealthPageServer rs1 = HealthPageServer.start(h1, work);
            HealthPageServer rs2 = HealthPageServer.start(h2, work);
            // The fallback's "sorry server": the director's own web server, reached through the VIP.
            WebServers.serve(dir, work);
            DirectorHost director = DirectorHost.start(dir, work);
            return new LdirectordLab(lab, work, client, dir, director, rs1, rs2);
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    HealthPageServer rs1() {
        return rs1;
    }

    HealthPageServer rs2() {
        return rs2;
    }

    DirectorHost director() {
        return director;
    }

    /** Both real servers running with a good health page, and an empty table. */
    void reset() throws IOException, InterruptedException {
        for (HealthPageServer rs : List.of(rs1, rs2)) {
            rs.healthPage("OKAY\n");
            rs.start();
        }
        director.ipvsadm("-C");
    }

    /** Writes {@code text} as the configuration file {@code name} in the work directory. */
    Path writeConfig(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text);
    }

    /** Starts an ldirectord of {@code kind} with {@code config} in the director's namespace. */
    LdirectordProcess startLdirectord(LdirectordProcess.Kind kind, Path config) throws IOException {
        return LdirectordProcess.start(kind, directorHost, director, config, work);
    }

    /** {@code ipvsadm -Ln} of the director. */
    String table() throws IOException {
        return director.ipvsadm("-Ln");
    }

    /**
     * Polls {@code ipvsadm -Ln} until {@code state} holds (at most {@link #TABLE_WAIT}); returns the
     * table and prints how long it took. Throws with the last table and the ldirectord log otherwise.
     */
    String awaitTable(String what, Predicate<String> state, LdirectordProcess ld)
            throws IOException, InterruptedException {
        return awaitTable(what, state, ld, TABLE_WAIT);
    }

    /** {@link #awaitTable(String, Predicate, LdirectordProcess)} with a limit of {@code limit}. */
    String awaitTable(String what, Predicate<String> state, LdirectordProcess ld, Duration limit)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        String table = table();
        while (!state.test(table)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + limit.toSeconds() + " s the table still does not show: " + what
                        + "\n" + table + "\n" + ld + ":\n" + ld.log());
            }
            if (!ld.alive()) {
                throw new AssertionError(ld + " exited while waiting for: " + what + "\n" + ld.log());
            }
            Thread.sleep(100);
            table = table();
        }
        System.out.printf("%s: %s after %d ms%n", ld.kind(), what, (System.nanoTime() - start) / 1_000_000);
        return table;
    }

    /**
     * Waits until the table has stayed the same for {@code quiet} (at most {@link #TABLE_WAIT}) and
     * returns it: what ldirectord settled on.
     */
    String settledTable(Duration quiet) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TABLE_WAIT.toNanos();
        String table = table();
        long sameSince = System.nanoTime();
        while (System.nanoTime() - sameSince < quiet.toNanos()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the table did not settle; last:\n" + table);
            }
            Thread.sleep(250);
            String next = table();
            if (!next.equals(table)) {
                table = next;
                sameSince = System.nanoTime();
            }
        }
        return table;
    }

    /** {@code n} requests from the client through the VIP: who answered each (or the curl exit code). */
    List<String> requestsThroughVip(int n) throws IOException {
        List<String> answers = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Shell.Result r = client.tryRun("curl", "-s", "-m", "3", "http://" + VIP + "/");
            answers.add(r.exitCode() == 0 ? r.stdout().strip() : "curl-exit-" + r.exitCode());
        }
        return answers;
    }

    /** A real-server line of {@code ipvsadm -Ln} for {@code rip:80} with {@code forward} and {@code weight}. */
    static String realLine(String rip, String forward, int weight) {
        return String.format("  -> %-28s %-7s %-6d ", rip + ":80", forward, weight);
    }

    /** Whether the table lists {@code rip:80} under any service. */
    static boolean lists(String table, String rip) {
        return table.contains("  -> " + rip + ":80 ");
    }

    @Override
    public void close() {
        lab.close();
    }
}
