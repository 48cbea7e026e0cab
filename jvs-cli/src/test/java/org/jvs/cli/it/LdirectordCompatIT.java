package org.jvs.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jvs.cli.it.LdirectordProcess.Kind;
import org.jvs.lab.NetLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real ldirectord (Debian package {@code ldirectord}, Perl) and {@code jvs ldirectord}, each in
 * turn, drive the same {@code jvs director} on the tutorial's LVS-DR cluster with the same
 * ldirectord.cf and the same story of failures and edits; the real one reaches the director through
 * jvs's ipvsadm drop-in ({@code ./ipvsadm} → {@code bin/jvs}). After every step the settled
 * {@code ipvsadm -Ln} of both must be the same. Real-server lines are compared as a set per service:
 * the real ldirectord adds servers in Perl's hash order, which changes from run to run.
 */
@Tag("netns")
class LdirectordCompatIT {
    private static final String RS1 = "172.25.254.2";
    private static final String RS2 = "172.25.254.3";
    /** How long the table must stay unchanged to count as settled: several check intervals. */
    private static final Duration QUIET = Duration.ofSeconds(3);
    @TempDir
    static Path work;
    private static LdirectordLab lab;

    @BeforeAll
    static void buildTheTutorialCluster() throws Exception {
        assumeTrue(NetLab.available(), "skipped: the ldirectord tests build network namespaces and need root");
        assumeTrue(LdirectordProcess.realAvailable(),
                "skipped: the real ldirectord is not installed (Debian package ldirectord)");
        lab = LdirectordLab.build("jvsldc", work);
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void realLdirectordAndJvsLdirectordLeaveTheSameTableAfterEveryStep() throws Exception {
        Map<String, String> real = story(Kind.REAL);
        Map<String, String> jvs = story(Kind.JVS);

        assertThat(jvs).containsExactlyEntriesOf(real);
    }

    @Test
    void everyKindOfServiceAndRealServerLineGivesTheSameTable() throws Exception {
        Map<String, String> real = wide(Kind.REAL);
        Map<String, String> jvs = wide(Kind.JVS);

        assertThat(jvs).containsExactlyEntriesOf(real);
        assertThat(real.get("ipvsadm -Ln")).contains("FWM  9 IPv6 dh", "UDP  172.25.254.100:53 sh (sh-fallback,sh-port) ops");
    }

    /**
     * TCP, UDP, fwmark and IPv6 services with persistence, netmasks, schedflags and ops; gate, masq
     * and ipip real servers with weights (0 too) and thresholds; checktype=on (no checks: every real
     * server goes in) and off (none does).
     */
    private Map<String, String> wide(Kind kind) throws Exception {
        lab.reset();
        Path config = lab.writeConfig("wide-" + kind.name().toLowerCase() + ".cf", """
                checkinterval=1
                quiescent=no
                virtual=172.25.254.100:80
                \treal=172.25.254.2:80 gate 2 l:10 u:100
                \treal=172.25.254.3:80 gate
                \tchecktype=on
                \tscheduler=wlc
                \tpersistent=600
                \tnetmask=255.255.255.0
                virtual=172.25.254.100:53
                \treal=172.25.254.2:53 gate
                \treal=172.25.254.3:53 gate 0
                \tprotocol=udp
                \tchecktype=on
                \tscheduler=sh
                \tschedflags=sh-fallback,sh-port
                \tops=yes
                virtual=172.25.254.101:8080
                \treal=172.25.254.2:80 masq 5
                \treal=172.25.254.3:8080 ipip
                \tchecktype=on
                \tscheduler=mh
                \tschedflags=mh-fallback
                virtual=7
                \treal=172.25.254.2 gate
                \treal=172.25.254.3 gate 4
                \tchecktype=on
                \tscheduler=rr
                \tprotocol=fwm
                virtual=172.25.254.102:80
                \treal=172.25.254.2:80 gate
                \tchecktype=off
                \tscheduler=lc
                virtual6=[2001:db8::100]:80
                \treal6=[2001:db8::2]:80 gate
                \treal6=[2001:db8::3]:80 gate 9
                \tchecktype=on
                \tscheduler=wrr
                \tpersistent=60
                \tnetmask=64
                virtual6=9
                \treal6=[2001:db8::2] gate
                \tchecktype=on
                \tscheduler=dh
                \tprotocol=fwm
                """);
        LdirectordProcess ld = lab.startLdirectord(kind, config);
        Map<String, String> tables = new LinkedHashMap<>();
        try {
            // 7 services and 11 real servers (none under checktype=off) under the 3 header lines.
            // The real one runs ipvsadm (a JVM) ~9 times per real server at start: give it time.
            lab.awaitTable("every service and real server", t -> t.lines().count() == 3 + 7 + 11, ld,
                    Duration.ofSeconds(120));
            tables.put("ipvsadm -Ln", normalise(lab.settledTable(QUIET)));
            tables.put("ipvsadm -Ln --thresholds", normalise(lab.director().ipvsadm("-Ln", "--thresholds")));
        } finally {
            ld.stop();
        }
        tables.put("after SIGTERM", lab.table());
        return tables;
    }

    /** Runs the story with one implementation; returns each step's settled table, normalised. */
    private Map<String, String> story(Kind kind) throws Exception {
        lab.reset();
        String cf = LdirectordLab.TUTORIAL_CF;
        Path config = lab.writeConfig("ldirectord-" + kind.name().toLowerCase() + ".cf", cf);
        LdirectordProcess ld = lab.startLdirectord(kind, config);
        Map<String, String> tables = new LinkedHashMap<>();
        try {
            step(tables, ld, "1 start: both real servers up", t -> up(t, RS1) && up(t, RS2));

            lab.rs1().stop();
            step(tables, ld, "2 rs1 stopped: deleted", t -> !LdirectordLab.lists(t, RS1));

            lab.rs2().stop();
            step(tables, ld, "3 rs2 stopped too: fallback", t -> !LdirectordLab.lists(t, RS2) && t.contains("127.0.0.1"));

            lab.rs1().start();
            step(tables, ld, "4 rs1 back: restored, fallback gone", t -> up(t, RS1) && !t.contains("127.0.0.1"));

            lab.rs2().healthPage("maintenance\n");
            lab.rs2().start();
            lab.rs2().awaitChecks(3);
            step(tables, ld, "5 rs2 running but receive mismatch: still out", t -> up(t, RS1) && !LdirectordLab.lists(t, RS2));

            lab.rs2().healthPage("OKAY\n");
            step(tables, ld, "6 rs2 page fixed: restored", t -> up(t, RS1) && up(t, RS2));

            cf = cf.replace("quiescent=no", "quiescent=yes").replace("scheduler=rr", "scheduler=wrr")
                    .replace("real=172.25.254.3:80 gate", "real=172.25.254.3:80 gate 3");
            Files.writeString(config, cf);
            step(tables, ld, "7 autoreload: wrr, quiescent, rs2 weight 3", t -> t.contains(" wrr") && t.contains(
                    LdirectordLab.realLine(RS2, "Route", 3)));

            lab.rs1().stop();
            step(tables, ld, "8 rs1 stopped with quiescent=yes: weight 0", t -> t.contains(
                    LdirectordLab.realLine(RS1, "Route", 0)));

            lab.rs1().start();
            cf = cf.replace("autoreload=yes", "autoreload=no").replace("checktype=negotiate",
                    "checktype=negotiate\n        persistent=300");
            Files.writeString(config, cf);
            step(tables, ld, "9 autoreload: persistent 300, autoreload off; rs1 back", t -> t.contains("persistent 300")
                    && up(t, RS1));

            cf = cf.replace("scheduler=wrr", "scheduler=lc");
            Files.writeString(config, cf);
            ld.awaitLog(" - ignore new configuration");
            step(tables, ld, "10 edit without autoreload: ignored", t -> t.contains(" wrr"));

            ld.hangUp();
            step(tables, ld, "11 SIGHUP: lc", t -> t.contains(" lc"));
        } finally {
            ld.stop();
        }
        tables.put("12 SIGTERM: cleanstop", normalise(lab.table()));
        System.out.println(kind + " ldirectord log:\n" + ld.log());
        return tables;
    }

    private static void step(Map<String, String> tables, LdirectordProcess ld, String name, Predicate<String> state)
            throws Exception {
        lab.awaitTable(name, state, ld);
        tables.put(name, normalise(lab.settledTable(QUIET)));
    }

    private static boolean up(String table, String rip) {
        return table.contains(LdirectordLab.realLine(rip, "Route", 1))
                || table.contains(LdirectordLab.realLine(rip, "Route", 3));
    }

    /** The table with each service's real-server lines sorted. */
    static String normalise(String table) {
        List<String> out = new ArrayList<>();
        List<String> reals = new ArrayList<>();
        for (String line : table.lines().toList()) {
            if (line.startsWith("  -> ") && !line.startsWith("  -> RemoteAddress")) {
                reals.add(line);
                continue;
            }
            reals.sort(null);
            out.addAll(reals);
            reals.clear();
            out.add(line);
        }
        reals.sort(null);
        out.addAll(reals);
        return String.join("\n", out) + "\n";
    }
}
