package org.jvs.heartbeat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HaCfParserTest {
    private static final Path FILE = Path.of("/etc/ha.d/ha.cf");

    private static HaConfig parse(String node, String... lines) throws ConfigException {
        return new HaCfParser().parse(FILE, List.of(lines), node);
    }

    private static ConfigException failure(String node, String... lines) {
        try {
            parse(node, lines);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a configuration error");
    }

    @Test
    void tutorialHaCfReadsAsWritten() throws ConfigException {
        HaConfig c = parse("server1.example.com",
                "#配置ha.cf",
                "keepalive 2 ",
                "udpport 694 ",
                "warntime 10 ",
                "deadtime 30 ",
                "initdead 120 ",
                "bcast eth0",
                "auto_failback on ",
                "node server1.example.com ",
                "node server4.example.com",
                "ping 172.25.254.7",
                "respawn hacluster /usr/lib64/heartbeat/ipfail",
                "apiauth ipfail gid=haclient uid=hacluster");
        assertThat(c.keepaliveMs()).isEqualTo(2000);
        assertThat(c.warntimeMs()).isEqualTo(10000);
        assertThat(c.deadtimeMs()).isEqualTo(30000);
        assertThat(c.initdeadMs()).isEqualTo(120000);
        assertThat(c.deadpingMs()).isEqualTo(30000);
        assertThat(c.media()).containsExactly(new Medium.Broadcast("eth0", 694));
        assertThat(c.autoFailback()).isEqualTo(AutoFailback.ON);
        assertThat(c.nodes()).containsExactly("server1.example.com", "server4.example.com");
        assertThat(c.peers()).containsExactly("server4.example.com");
        assertThat(c.pingNodes()).containsExactly(new PingNode("172.25.254.7", List.of("172.25.254.7"), false));
        assertThat(c.ipfail()).isTrue();
        assertThat(c.ttl()).isEqualTo(1 + 2 + 1);
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void defaultsAreHeartbeatsWhenOnlyRequiredDirectivesAreGiven() throws ConfigException {
        HaConfig c = parse("a", "bcast eth0", "node a b");
        assertThat(c.keepaliveMs()).isEqualTo(1000);
        assertThat(c.deadtimeMs()).isEqualTo(30000);
        assertThat(c.warntimeMs()).isEqualTo(15000);
        assertThat(c.initdeadMs()).isEqualTo(30000);
        assertThat(c.deadpingMs()).isEqualTo(30000);
        assertThat(c.udpPort()).isEqualTo(694);
        assertThat(c.autoFailback()).isEqualTo(AutoFailback.LEGACY);
        assertThat(c.messageFormat()).isEqualTo(MessageFormat.CLASSIC);
        assertThat(c.maxRexmitDelayMs()).isEqualTo(250);
        assertThat(c.warnings()).anyMatch(w -> w.contains("Deprecated 'legacy' auto_failback"));
    }

    @Test
    void initdeadDefaultFollowsDeadtimeAsHeartbeatComputesIt() throws ConfigException {
        assertThat(parse("a", "bcast eth0", "node a", "deadtime 5").initdeadMs()).isEqualTo(12000);
        assertThat(parse("a", "bcast eth0", "node a", "deadtime 8").initdeadMs()).isEqualTo(16000);
        assertThat(parse("a", "bcast eth0", "node a", "deadtime 20").initdeadMs()).isEqualTo(20000);
    }

    @Test
    void subSecondTimesUseMilliseconds() throws ConfigException {
        HaConfig c = parse("a", "keepalive 100ms", "deadtime 500ms", "warntime 300ms", "initdead 1",
                "ucast eth0 10.0.0.2", "node a b", "auto_failback off");
        assertThat(c.keepaliveMs()).isEqualTo(100);
        assertThat(c.deadtimeMs()).isEqualTo(500);
        assertThat(c.warntimeMs()).isEqualTo(300);
        assertThat(c.initdeadMs()).isEqualTo(1000);
        assertThat(c.warnings()).anyMatch(w -> w.startsWith("Initial dead time [1000 ms] may be too small!"));
    }

    @Test
    void deadtimeNotAboveTwiceKeepaliveIsRefusedWithHeartbeatsMessage() {
        ConfigException e = failure("a", "keepalive 2", "deadtime 4", "bcast eth0", "node a");
        assertThat(e.getMessage()).isEqualTo("/etc/ha.d/ha.cf:2: Dead time [4000] is too small compared to keeplive [2000]");
    }

    @Test
    void initdeadBelowDeadtimeIsRefused() {
        ConfigException e = failure("a", "deadtime 30", "initdead 10", "bcast eth0", "node a");
        assertThat(e.getMessage()).contains(":2: Initial dead time [10000] is smaller than deadtime [30000]");
    }

    @Test
    void localNodeMustBeListed() {
        ConfigException e = failure("server9", "bcast eth0", "node server1 server4");
        assertThat(e.getMessage()).contains("ha.cf:2: Current node [server9] not in configuration!");
    }

    @Test
    void atLeastOneMediumAndOneNodeAreRequired() {
        ConfigException e = failure("a", "keepalive 1");
        assertThat(e.problems()).extracting(ConfigException.Problem::reason)
                .contains("No heartbeat media defined", "no nodes defined");
    }

    @Test
    void everyErrorIsReportedWithItsLine() {
        ConfigException e = failure("a", "bcast eth0", "node a", "frobnicate 1", "udpport x", "warntime 0");
        assertThat(e.problems()).extracting(p -> p.line() + " " + p.reason()).containsExactly(
                "3 Illegal directive [frobnicate] in /etc/ha.d/ha.cf",
                "4 invalid port [x] specified.",
                "5 Warn time [0] is invalid.");
    }

    @Test
    void udpportAppliesToMediaThatFollowIt() throws ConfigException {
        HaConfig c = parse("a", "bcast eth0", "udpport 1694", "bcast eth1", "ucast eth2 10.1.1.1", "node a");
        assertThat(c.media()).containsExactly(new Medium.Broadcast("eth0", 694), new Medium.Broadcast("eth1", 1694),
                new Medium.Unicast("eth2", "10.1.1.1", 1694));
    }

    @Test
    void mcastLineIsCheckedFieldByField() throws ConfigException {
        assertThat(parse("a", "mcast eth0 225.0.0.1 694 1 0", "node a").media())
                .containsExactly(new Medium.Multicast("eth0", "225.0.0.1", 694, 1, false));
        assertThat(failure("a", "mcast eth0 10.0.0.1 694 1 0", "node a").getMessage())
                .contains("mcast [eth0] bad addr [10.0.0.1]");
        assertThat(failure("a", "mcast eth0 225.0.0.1 694 9 0", "node a").getMessage())
                .contains("mcast [eth0] bad ttl [9]");
        assertThat(failure("a", "mcast eth0 225.0.0.1 694 1", "node a").getMessage())
                .contains("mcast [eth0] missing loop");
    }

    @Test
    void ucastWithoutPeerIsRefused() {
        assertThat(failure("a", "ucast eth0", "node a").getMessage())
                .contains("ucast: [eth0] missing target IP address/hostname");
    }

    @Test
    void valuesSplitOnBlanksAndCommasAndNodeNamesAreLowerCased() throws ConfigException {
        HaConfig c = parse("server1", "bcast eth0,eth1", "node Server1, SERVER4");
        assertThat(c.nodes()).containsExactly("server1", "server4");
        assertThat(c.media()).hasSize(2);
    }

    @Test
    void autoFailbackAcceptsHeartbeatBooleansAndLegacy() throws ConfigException {
        assertThat(parse("a", "bcast eth0", "node a", "auto_failback yes").autoFailback()).isEqualTo(AutoFailback.ON);
        assertThat(parse("a", "bcast eth0", "node a", "auto_failback 0").autoFailback()).isEqualTo(AutoFailback.OFF);
        assertThat(parse("a", "bcast eth0", "node a", "auto_failback legacy").autoFailback())
                .isEqualTo(AutoFailback.LEGACY);
        assertThat(failure("a", "bcast eth0", "node a", "auto_failback maybe").getMessage())
                .contains("Illegal auto_failback value [maybe]");
    }

    @Test
    void obsoleteNiceFailbackMapsAsHeartbeatDoes() throws ConfigException {
        assertThat(parse("a", "bcast eth0", "node a", "nice_failback on").autoFailback()).isEqualTo(AutoFailback.OFF);
        assertThat(parse("a", "bcast eth0", "node a", "nice_failback off").autoFailback())
                .isEqualTo(AutoFailback.LEGACY);
    }

    @Test
    void pingGroupAndDeadpingAreRead() throws ConfigException {
        HaConfig c = parse("a", "keepalive 1", "deadping 5", "ping_group gw 10.0.0.1 10.0.0.2", "bcast eth0",
                "node a");
        assertThat(c.deadpingMs()).isEqualTo(5000);
        assertThat(c.pingNodes()).containsExactly(new PingNode("gw", List.of("10.0.0.1", "10.0.0.2"), true));
        assertThat(failure("a", "keepalive 2", "deadping 4", "bcast eth0", "node a").getMessage())
                .contains("Ping dead time [4000] is too small compared to keeplive [2000]");
    }

    @Test
    void commentsAndLogDirectivesAreRead() throws ConfigException {
        HaConfig c = parse("a", "  # a comment", "logfile /var/log/ha-log # trailing", "debugfile /var/log/ha-debug",
                "logfacility local0", "bcast eth0", "node a");
        assertThat(c.logfile()).contains("/var/log/ha-log");
        assertThat(c.debugfile()).contains("/var/log/ha-debug");
        assertThat(c.logfacility()).contains("local0");
        assertThat(failure("a", "logfacility nope", "bcast eth0", "node a").getMessage())
                .contains("Log facility(nope) not valid");
    }

    @Test
    void crmModeIsRefusedBecauseOnlyHaresourcesModeExists() {
        assertThat(failure("a", "crm on", "bcast eth0", "node a").getMessage())
                .contains("haresources (v1) resource management only");
    }

    @Test
    void knownButUnusedDirectivesAreAccepted() throws ConfigException {
        HaConfig c = parse("a", "bcast eth0", "node a", "use_logd no", "compression bz2", "stonith_host * null a",
                "serial /dev/ttyS0");
        assertThat(c.warnings()).anyMatch(w -> w.contains("stonith_host is not supported"))
                .anyMatch(w -> w.contains("serial is not supported"));
    }
}
