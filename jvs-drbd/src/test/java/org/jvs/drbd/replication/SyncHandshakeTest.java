package org.jvs.drbd.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.jvs.drbd.meta.GenerationIds;
import org.jvs.drbd.replication.SyncHandshake.Policies;
import org.jvs.drbd.replication.SyncHandshake.Side;
import org.jvs.drbd.state.DiskState;
import org.jvs.drbd.state.Role;

/** drbd_uuid_compare and drbd_sync_handshake, rule by rule, and both sides agreeing. */
class SyncHandshakeTest {
    private static final long A = 0x1000_0000_0000_0000L;
    private static final long B = 0x2000_0000_0000_0000L;
    private static final long C = 0x3000_0000_0000_0000L;
    private static final long D = 0x4000_0000_0000_0000L;
    private static final long E = 0x5000_0000_0000_0000L;

    private static Side side(long cur, long bm, long h0, long h1) {
        return side(cur, bm, h0, h1, Role.SECONDARY, DiskState.UP_TO_DATE, 0);
    }

    private static Side side(long cur, long bm, long h0, long h1, Role role, DiskState disk, long weight) {
        return new Side(new GenerationIds(cur, bm, h0, h1), role, disk, weight, false, false);
    }

    private static SyncDecision decide(Side self, Side peer) {
        return SyncHandshake.decide(self, peer, true, Policies.DEFAULT);
    }

    /** Both nodes run the handshake; their decisions must mirror each other. */
    private static int mirrored(Side x, Side y, Policies p) {
        int mine = SyncHandshake.decide(x, y, true, p).hg();
        int theirs = SyncHandshake.decide(y, x, false, p).hg();
        assertThat(theirs).as("the peer's mirrored decision").isEqualTo(-mine);
        return mine;
    }

    @Test
    void rule10BothJustCreatedNeedNoSync() {
        SyncDecision d = decide(side(4, 0, 0, 0, Role.SECONDARY, DiskState.INCONSISTENT, 0),
                side(4, 0, 0, 0, Role.SECONDARY, DiskState.INCONSISTENT, 0));

        assertThat(d.hg()).isZero();
        assertThat(d.rule()).isEqualTo(10);
    }

    @Test
    void rule20JustCreatedBecomesFullSyncTargetOfAUsedDisk() {
        SyncDecision d = decide(side(4, 0, 0, 0, Role.SECONDARY, DiskState.INCONSISTENT, 0),
                side(A | 1, 4, 0, 0, Role.PRIMARY, DiskState.UP_TO_DATE, 0));

        assertThat(d.hg()).isEqualTo(-2);
        assertThat(d.rule()).isEqualTo(20);
        assertThat(d.messages()).contains("Becoming sync target due to disk states.");
    }

    @Test
    void rule40EqualCurrentWithoutCrashIsInSync() {
        assertThat(mirrored(side(A, 0, B, 0), side(A | 1, 0, B, 0), Policies.DEFAULT)).isZero();
        assertThat(decide(side(A, 0, B, 0), side(A, 0, B, 0)).rule()).isEqualTo(40);
    }

    @Test
    void rule50DisconnectedSecondarySyncsFromThePrimaryThatMovedOn() {
        SyncDecision d = decide(side(A, 0, B, 0), side(C | 1, A, B, 0, Role.PRIMARY, DiskState.UP_TO_DATE, 10));

        assertThat(d.hg()).isEqualTo(-1);
        assertThat(d.rule()).isEqualTo(50);
        assertThat(mirrored(side(A, 0, B, 0), side(C | 1, A, B, 0), Policies.DEFAULT)).isEqualTo(-1);
    }

    @Test
    void rule51LostSyncUuidIsCorrected() {
        SyncDecision d = decide(side(A, 0, 0, 0), side(C, A + GenerationIds.NEW_BM_OFFSET, A, D));

        assertThat(d.rule()).isEqualTo(51);
        assertThat(d.hg()).isEqualTo(-1);
        assertThat(d.peer().bitmap()).isEqualTo(A);
    }

    @Test
    void rule60OwnCurrentInPeersHistoryMeansFullSyncAsTarget() {
        SyncDecision d = decide(side(A, 0, 0, 0), side(C, D, A, 0));

        assertThat(d.hg()).isEqualTo(-2);
        assertThat(d.rule()).isEqualTo(60);
    }

    @Test
    void rule70PeerStillAtMyBitmapGenerationSyncsFromMe() {
        SyncDecision d = decide(side(C, A, B, 0), side(A, 0, B, 0));

        assertThat(d.hg()).isEqualTo(1);
        assertThat(d.rule()).isEqualTo(70);
    }

    @Test
    void rule80PeersCurrentInMyHistoryMeansFullSyncAsSource() {
        SyncDecision d = decide(side(C, D, A, 0), side(A, 0, 0, 0));

        assertThat(d.hg()).isEqualTo(2);
        assertThat(d.rule()).isEqualTo(80);
    }

    @Test
    void rule90CommonBitmapGenerationIsSplitBrain() {
        SyncDecision d = decide(side(C, A, B, 0), side(D, A, B, 0));

        // drbd_uuid_compare says 100; after-sb-0pri disconnect leaves it unresolved (-100)
        assertThat(d.hg()).isEqualTo(-100);
        assertThat(d.rule()).isEqualTo(90);
        assertThat(d.disconnect()).isTrue();
        assertThat(d.messages()).last().isEqualTo("Split-Brain detected but unresolved, dropping connection!");
    }

    @Test
    void rule100CommonHistoryOnlyIsSplitBrainWithoutAutoRecovery() {
        SyncDecision d = SyncHandshake.decide(side(C, D, B, 0), side(E, A, B, 0), true,
                new Policies("discard-least-changes", "disconnect", "disconnect", false, "disconnect"));

        assertThat(d.hg()).isEqualTo(-100);
        assertThat(d.rule()).isEqualTo(100);
    }

    @Test
    void unrelatedDataIsRefused() {
        SyncDecision d = decide(side(A, 0, B, 1 << 20), side(C, D, E, 2 << 20));

        assertThat(d.hg()).isEqualTo(-1000);
        assertThat(d.messages()).contains("Unrelated data, aborting!");
    }

    @Test
    void discardZeroChangesSyncsFromTheNodeThatWrote() {
        Policies p = new Policies("discard-zero-changes", "disconnect", "disconnect", false, "disconnect");
        Side wrote = side(C, A, B, 0, Role.SECONDARY, DiskState.UP_TO_DATE, 12);
        Side idle = side(D, A, B, 0, Role.SECONDARY, DiskState.UP_TO_DATE, 0);

        assertThat(mirrored(wrote, idle, p)).isEqualTo(1);
        assertThat(SyncHandshake.decide(wrote, idle, true, p).messages())
                .contains("Split-Brain detected, 0 primaries, automatically solved. Sync from this node");
    }

    @Test
    void discardZeroChangesWithBothChangedStaysUnresolved() {
        Policies p = new Policies("discard-zero-changes", "disconnect", "disconnect", false, "disconnect");

        assertThat(SyncHandshake.decide(side(C, A, B, 0, Role.SECONDARY, DiskState.UP_TO_DATE, 3),
                side(D, A, B, 0, Role.SECONDARY, DiskState.UP_TO_DATE, 5), true, p).hg()).isEqualTo(-100);
    }

    @Test
    void discardLeastChangesKeepsTheNodeWithMoreChanges() {
        Policies p = new Policies("discard-least-changes", "disconnect", "disconnect", false, "disconnect");

        assertThat(mirrored(side(C, A, B, 0, Role.SECONDARY, DiskState.UP_TO_DATE, 3),
                side(D, A, B, 0, Role.SECONDARY, DiskState.UP_TO_DATE, 5), p)).isEqualTo(-1);
    }

    @Test
    void discardYoungerPrimaryUsesTheRoleBitOfTheBitmapGeneration() {
        Policies p = new Policies("discard-younger-primary", "disconnect", "disconnect", false, "disconnect");
        Side wasPrimaryLast = side(C, A | 1, B, 0);
        Side other = side(D, A, B, 0);

        assertThat(SyncHandshake.decide(wasPrimaryLast, other, true, p).hg()).isEqualTo(1);
    }

    @Test
    void discardSecondaryWithOnePrimaryKeepsThePrimary() {
        Policies p = new Policies("disconnect", "discard-secondary", "disconnect", false, "disconnect");

        assertThat(mirrored(side(C | 1, A, B, 0, Role.PRIMARY, DiskState.UP_TO_DATE, 1),
                side(D, A, B, 0, Role.SECONDARY, DiskState.UP_TO_DATE, 9), p)).isEqualTo(1);
    }

    @Test
    void consensusOnlyDiscardsTheSecondary() {
        Policies p = new Policies("discard-least-changes", "consensus", "disconnect", false, "disconnect");
        Side primary = side(C | 1, A, B, 0, Role.PRIMARY, DiskState.UP_TO_DATE, 1);
        Side secondary = side(D, A, B, 0, Role.SECONDARY, DiskState.UP_TO_DATE, 9);

        assertThat(SyncHandshake.decide(primary, secondary, true, p).hg()).isEqualTo(-100);
    }

    @Test
    void twoPrimariesWithDisconnectPolicyStaySplit() {
        assertThat(decide(side(C | 1, A, B, 0, Role.PRIMARY, DiskState.UP_TO_DATE, 1),
                side(D | 1, A, B, 0, Role.PRIMARY, DiskState.UP_TO_DATE, 1)).hg()).isEqualTo(-100);
    }

    @Test
    void discardMyDataResolvesSplitBrainManually() {
        Side victim = new Side(new GenerationIds(D, A, B, 0), Role.SECONDARY, DiskState.UP_TO_DATE, 2, false, true);
        Side survivor = side(C | 1, A, B, 0, Role.PRIMARY, DiskState.UP_TO_DATE, 4);

        SyncDecision d = SyncHandshake.decide(victim, survivor, false, Policies.DEFAULT);

        assertThat(d.hg()).isEqualTo(-1);
        assertThat(d.messages()).contains("Split-Brain detected, manually solved. Sync from peer node");
        assertThat(SyncHandshake.decide(survivor, victim, true, Policies.DEFAULT).hg()).isEqualTo(1);
    }

    @Test
    void aPrimaryThatWouldBecomeSyncTargetDisconnects() {
        SyncDecision d = decide(side(A | 1, 0, B, 0, Role.PRIMARY, DiskState.UP_TO_DATE, 0), side(C, A, B, 0));

        assertThat(d.messages()).contains("I shall become SyncTarget, but I am primary!");
        assertThat(d.disconnect()).isTrue();
    }

    @Test
    void crashedPrimaryArbitrationPrefersTheNodeThatWasPrimary() {
        Side crashed = new Side(new GenerationIds(A, 0, B, 0), Role.SECONDARY, DiskState.UP_TO_DATE, 0, true, false);

        assertThat(mirrored(crashed, side(A, 0, B, 0), Policies.DEFAULT)).isEqualTo(1);
    }
}
