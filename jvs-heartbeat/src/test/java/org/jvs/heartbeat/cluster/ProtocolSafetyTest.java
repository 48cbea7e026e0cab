package org.jvs.heartbeat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jvs.heartbeat.auth.AuthKey;
import org.jvs.heartbeat.auth.AuthKeys;
import org.jvs.heartbeat.auth.AuthMethod;
import org.jvs.heartbeat.config.ConfigException;
import org.jvs.heartbeat.config.MessageFormat;
import org.jvs.heartbeat.wire.ControlFields;
import org.jvs.heartbeat.wire.Message;
import org.jvs.heartbeat.wire.WireCodec;
import org.junit.jupiter.api.Test;

/** Forged, replayed and lost packets, partitions, ping nodes and stalls, on the fake clock. */
class ProtocolSafetyTest {
    private static final String A_GROUP = "10.0.0.100";
    private static final String B_GROUP = "10.0.0.200";

    private static SimCluster running(String... extra) throws ConfigException {
        SimCluster c = new SimCluster(List.of("a " + A_GROUP, "b " + B_GROUP), "a", "b");
        String[] base = {"keepalive 100ms", "deadtime 500ms", "initdead 1", "bcast eth0", "node a b",
                "auto_failback on"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        c.add("a", all);
        c.add("b", all);
        return c;
    }

    private static void settle(SimCluster c) {
        c.runUntil(15_000, () -> c.host("a").resources().equals("local") && c.host("b").resources().equals("local"));
    }

    @Test
    void aPeerWithTheWrongKeyIsRejectedAndChangesNothing() throws ConfigException {
        SimCluster c = running();
        c.start("a");
        c.start("b");
        settle(c);
        WireCodec forger = new WireCodec(new AuthKeys(Map.of(1, new AuthKey(1, AuthMethod.SHA1, "guess")), 1));
        ControlFields asB = new ControlFields("b", new byte[16], 999_999, 3);
        for (Message m : List.of(Message.strings("t", "shutdone", "st", "dead"),
                Message.strings("t", "ask_resources", "rsc_hold", "all", "info", "me"))) {
            c.inject("a", forger.encode(asB.stamp(m, 1_700_000_000L, "n/a"), MessageFormat.CLASSIC));
        }
        c.runFor(2_000);
        assertThat(c.host("a").node.dropCounts()).containsEntry("BAD_AUTH", 2L);
        assertThat(c.holders(A_GROUP)).containsExactly("a");
        assertThat(c.holders(B_GROUP)).containsExactly("b");
        assertThat(c.host("a").statusOf("b")).isEqualTo("active");
    }

    @Test
    void aReplayedPacketFromBeforeARestartIsDropped() throws ConfigException {
        SimCluster c = running();
        c.start("a");
        c.start("b");
        settle(c);
        byte[] old = c.sent.stream().filter(d -> d.from().equals("b") && text(d.bytes()).contains("t=resource"))
                .reduce((x, y) -> y).orElseThrow().bytes();
        c.crash("b");
        c.start("b");
        settle(c);
        c.inject("a", old);
        c.runFor(500);
        assertThat(c.host("a").node.dropCounts()).containsEntry("REPLAY", 1L);
        assertThat(c.holders(A_GROUP)).containsExactly("a");
    }

    @Test
    void aLostPacketIsRequestedAndRetransmitted() throws ConfigException {
        SimCluster c = running();
        c.start("a");
        c.start("b");
        settle(c);
        boolean[] dropped = {false};
        c.drop = d -> {
            if (!dropped[0] && d.from().equals("b") && text(d.bytes()).contains("t=status")) {
                dropped[0] = true;
                return true;
            }
            return false;
        };
        int before = c.sent.size();
        c.runFor(1_000);
        List<String> fromA = c.sent.subList(before, c.sent.size()).stream().filter(d -> d.from().equals("a"))
                .map(d -> text(d.bytes())).toList();
        assertThat(fromA).anyMatch(t -> t.contains("t=NS_rexmit") && t.contains("dest=b"));
        List<byte[]> fromB = c.sent.subList(before, c.sent.size()).stream().filter(d -> d.from().equals("b"))
                .map(SimCluster.Datagram::bytes).toList();
        long distinct = fromB.stream().map(java.util.Arrays::toString).distinct().count();
        assertThat(distinct).as("b resent one datagram byte for byte").isLessThan(fromB.size());
        assertThat(c.host("a").statusOf("b")).isEqualTo("active");
    }

    @Test
    void aPartitionWithoutPingNodesIsSplitBrainUntilItHeals() throws ConfigException {
        SimCluster c = running();
        c.start("a");
        c.start("b");
        settle(c);
        c.linkUp = (from, to) -> false;
        c.runUntil(3_000, () -> c.host("a").resources().equals("all") && c.host("b").resources().equals("all"));
        assertThat(c.holders(A_GROUP)).containsExactlyInAnyOrder("a", "b");
        c.linkUp = (from, to) -> true;
        // Both see the other "returning after partition", give everything up and restart.
        c.runUntil(30_000, () -> c.host("a").restarts + c.host("b").restarts >= 1
                && c.holders(A_GROUP).equals(List.of("a")) && c.holders(B_GROUP).equals(List.of("b")));
    }

    @Test
    void theNodeSeeingFewerPingNodesGivesItsGroupsUp() throws ConfigException {
        SimCluster c = running("ping 192.0.2.1", "deadping 500ms", "respawn hacluster /usr/lib/heartbeat/ipfail");
        c.host("a").pingReach.put("192.0.2.1", true);
        c.host("b").pingReach.put("192.0.2.1", true);
        c.start("a");
        c.start("b");
        settle(c);
        c.host("a").pingReach.put("192.0.2.1", false);
        c.runUntil(5_000, () -> c.host("b").resources().equals("all") && c.host("a").resources().equals("none"));
        assertThat(c.holders(A_GROUP)).containsExactly("b");
    }

    @Test
    void pingNodesWithoutIpfailOnlyReportStatus() throws ConfigException {
        SimCluster c = running("ping 192.0.2.1", "deadping 500ms");
        c.host("a").pingReach.put("192.0.2.1", true);
        c.host("b").pingReach.put("192.0.2.1", true);
        c.start("a");
        c.start("b");
        settle(c);
        assertThat(c.host("a").statusOf("192.0.2.1")).isEqualTo("ping");
        c.host("a").pingReach.put("192.0.2.1", false);
        c.runFor(2_000);
        assertThat(c.host("a").statusOf("192.0.2.1")).isEqualTo("dead");
        assertThat(c.holders(A_GROUP)).containsExactly("a");
    }

    @Test
    void aLocalStallDoesNotMakeTheStalledNodeDeclareItsPeerDead() throws ConfigException {
        SimCluster c = running();
        c.start("a");
        c.start("b");
        settle(c);
        c.host("a").up = false;
        c.runFor(2_000);
        c.host("a").up = true;
        c.host("a").node.onTick(c.now);
        assertThat(c.host("a").statusOf("b")).isEqualTo("active");
        assertThat(c.host("a").resources()).isEqualTo("local");
    }

    @Test
    void bothStartingWithOneSlowerThanInitdeadStillConverges() throws ConfigException {
        SimCluster c = running();
        c.start("a");
        c.runFor(3_000);
        c.start("b");
        c.runUntil(30_000, () -> c.host("a").resources().equals("local") && c.host("b").resources().equals("local"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(c.now)).isPositive();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
