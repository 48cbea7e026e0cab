package org.jvs.drbd.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.drbd.state.ConnectionState;

/**
 * A resync that is paused, shown in both status formats, cut off (by the administrator, by the
 * network) and resumed where it stopped.
 */
class ResyncProgressTest {
    private static final long SIZE = 16L << 20;
    @TempDir
    Path dir;

    @Test
    void pausedResyncShowsInStatusAndProcAndResumesAfterANetworkCut() throws Exception {
        try (TwoNodes n = new TwoNodes(dir, SIZE, "", "resync-rate 2M;")) {
            n.startBoth();
            TwoNodes.await("connected", () -> n.a.connectionState() == ConnectionState.CONNECTED
                    && n.b.connectionState() == ConnectionState.CONNECTED);
            n.a.primary(true);
            TwoNodes.await("syncing", () -> n.b.replicationState(0) == ConnectionState.SYNC_TARGET
                    && n.b.volume(0).bitmap().weight() < 4086);
            n.b.pauseSync(true);
            long now = System.nanoTime();

            String status = StatusFormat.status(n.b, now);
            String proc = StatusFormat.proc(n.b, now);

            assertThat(status).matches("""
                    r0 role:Secondary
                      disk:Inconsistent
                      alpha role:Primary
                        replication:PausedSyncT peer-disk:UpToDate done:\\d+\\.\\d\\d resync-suspended:user
                    """);
            assertThat(proc).matches("""
                     1: cs:PausedSyncT ro:Secondary/Primary ds:Inconsistent/UpToDate C r--u--
                        ns:0 nr:\\d+ dw:\\d+ dr:0 al:0 bm:\\d+ lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:\\d+
                    \\t\\[=*>\\.+\\] sync'ed: *\\d+\\.\\d% \\(\\d+/16344\\)K
                    \\tfinish: \\d+:\\d\\d:\\d\\d speed: [\\d,]+ \\([\\d,]+\\) K/sec
                    """);
            assertThat(StatusFormat.status(n.a, now)).contains("replication:SyncSource peer-disk:Inconsistent done:");

            n.b.disconnect();
            long left = n.b.volume(0).bitmap().weight();
            assertThat(left).isLessThan(4086).isPositive();
            n.b.connect(false);

            TwoNodes.await("resumed", () -> n.b.replicationState(0).syncing());
            assertThat(n.b.recentLog()).anyMatch(l -> l.contains("uuid_compare()=-1 by rule 50"))
                    .anyMatch(l -> l.contains("[" + left + " bits set]"));
            TwoNodes.await("finished", () -> StatusFormat.settled(n.a) && StatusFormat.settled(n.b));
            assertThat(ReplicationTest.dataArea(n.b.volume(0))).isEqualTo(ReplicationTest.dataArea(n.a.volume(0)));
        }
    }

    @Test
    void resyncCutByTheNetworkResumesFromTheBitmapWhereItStopped() throws Exception {
        int relayPort = TwoNodes.freePort();
        try (TwoNodes n = new TwoNodes(dir, SIZE, "", "", "resync-rate 4M;", relayPort);
             Relay relay = new Relay(relayPort, new InetSocketAddress("127.0.0.2", n.portB))) {
            n.startBoth();
            TwoNodes.await("connected", () -> n.a.connectionState() == ConnectionState.CONNECTED
                    && n.b.connectionState() == ConnectionState.CONNECTED);
            n.a.primary(true);
            TwoNodes.await("a quarter synced", () -> n.b.replicationState(0) == ConnectionState.SYNC_TARGET
                    && n.b.volume(0).bitmap().weight() < 3000);

            relay.cut();

            TwoNodes.await("link lost", () -> n.b.recentLog().stream().anyMatch(l -> l.contains("Began resync")
                    && l.contains("SyncTarget") && !l.contains("[4086 bits set]")));
            TwoNodes.await("finished", () -> StatusFormat.settled(n.a) && StatusFormat.settled(n.b));
            String resumed = n.b.recentLog().stream().filter(l -> l.contains("Began resync")).toList().getLast();
            long bits = Long.parseLong(resumed.replaceAll(".*\\[(\\d+) bits set\\].*", "$1"));
            assertThat(bits).as(resumed).isPositive().isLessThan(3000);
            assertThat(n.b.recentLog()).anyMatch(l -> l.contains("uuid_compare()=-1 by rule 50"));
            assertThat(ReplicationTest.dataArea(n.b.volume(0))).isEqualTo(ReplicationTest.dataArea(n.a.volume(0)));
        }
    }

    @Test
    void progressBarAndSpeedsFollowDrbdsFormulas() {
        // DRBD scales by 2^10 before dividing: small resyncs show in coarse steps
        assertThat(StatusFormat.perMil(4086, 4086)).isEqualTo(250);
        assertThat(StatusFormat.perMil(4086, 0)).isEqualTo(1000);
        assertThat(StatusFormat.perMil(10236L * 256, 7352L * 256)).isEqualTo(283);
        assertThat(StatusFormat.grouped(999)).isEqualTo("999");
        assertThat(StatusFormat.grouped(33904)).isEqualTo("33,904");
        assertThat(StatusFormat.grouped(1234567)).isEqualTo("1,234,567");
    }
}
