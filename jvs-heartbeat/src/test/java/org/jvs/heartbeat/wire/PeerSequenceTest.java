package org.jvs.heartbeat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.jvs.heartbeat.wire.SequenceVerdict.Action;
import org.junit.jupiter.api.Test;

class PeerSequenceTest {
    private final PeerSequence p = new PeerSequence();

    private SequenceVerdict status(long seq, long gen) {
        return p.classify(seq, gen, true, true, false);
    }

    @Test
    void inOrderMessagesAreKeptAndRepeatsAreDuplicates() {
        assertThat(status(1, 7).action()).isEqualTo(Action.KEEP);
        assertThat(status(2, 7).action()).isEqualTo(Action.KEEP);
        assertThat(status(2, 7).action()).isEqualTo(Action.DUPLICATE);
        assertThat(status(1, 7).action()).isEqualTo(Action.STALE);
    }

    @Test
    void olderGenerationIsAReplay() {
        status(1, 7);
        assertThat(status(50, 6).action()).isEqualTo(Action.REPLAY);
        assertThat(p.classify(50, 6, false, true, false).action()).isEqualTo(Action.REPLAY);
    }

    @Test
    void higherGenerationInAStatusIsARestartAndSequenceStartsOver() {
        status(1, 7);
        status(2, 7);
        status(3, 7);
        SequenceVerdict v = status(1, 8);
        assertThat(v.action()).isEqualTo(Action.KEEP);
        assertThat(v.restarted()).isTrue();
        assertThat(status(2, 8).action()).isEqualTo(Action.KEEP);
        assertThat(p.generation()).isEqualTo(8);
    }

    @Test
    void firstGenerationSeenIsNotCalledARestart() {
        assertThat(status(5, 9).restarted()).isFalse();
    }

    @Test
    void aGapIsRecordedAndFilledByTheRetransmission() {
        status(1, 7);
        SequenceVerdict v = status(4, 7);
        assertThat(v.action()).isEqualTo(Action.KEEP);
        assertThat(v.newlyMissing()).containsExactly(2L, 3L);
        assertThat(v.lostCount()).isEqualTo(2);
        SequenceVerdict filled = p.classify(3, 7, false, true, false);
        assertThat(filled.action()).isEqualTo(Action.KEEP);
        assertThat(filled.filledGap()).isTrue();
        assertThat(p.classify(3, 7, false, true, false).action()).isEqualTo(Action.STALE);
        assertThat(p.isMissing(2)).isTrue();
    }

    @Test
    void messagesForAnotherNodeAreTrackedButNotKept() {
        assertThat(p.classify(1, 7, false, false, false).action()).isEqualTo(Action.NOT_FOR_US);
        assertThat(status(2, 7).action()).isEqualTo(Action.KEEP);
    }

    @Test
    void aHugeGapStartsTrackingOver() {
        status(1, 7);
        SequenceVerdict v = status(1000, 7);
        assertThat(v.action()).isEqualTo(Action.KEEP);
        assertThat(v.newlyMissing()).isEmpty();
        assertThat(p.isMissing(2)).isFalse();
    }

    @Test
    void aDeadNodeTalkingAgainWithTheSameGenerationIsAHealedPartition() {
        status(1, 7);
        p.acceptedStatus(1);
        status(2, 7);
        p.acceptedStatus(2);
        p.reset();
        assertThat(p.classify(2, 7, true, true, true).action()).isEqualTo(Action.STALE);
        SequenceVerdict v = p.classify(40, 7, true, true, true);
        assertThat(v.healedPartition()).isTrue();
        assertThat(v.action()).isEqualTo(Action.KEEP);
    }
}
