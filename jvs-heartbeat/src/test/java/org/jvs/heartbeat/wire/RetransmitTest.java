package org.jvs.heartbeat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetransmitTest {
    private static final long MS = 1_000_000L;

    @Test
    void missingMessageIsRequestedAfterAJitteredDelayThenEveryMaxDelay() {
        RetransmitRequests r = new RetransmitRequests(250, new Random(1));
        r.schedule("b", 7, 0);
        assertThat(r.due(49 * MS)).isEmpty();
        List<Message> first = r.due(250 * MS);
        assertThat(first).containsExactly(Message.strings("t", "NS_rexmit", "dest", "b", "firstseq", "7",
                "lastseq", "7"));
        assertThat(r.due(499 * MS)).isEmpty();
        assertThat(r.due(500 * MS)).hasSize(1);
        r.cancel("b", 7);
        assertThat(r.due(10_000 * MS)).isEmpty();
    }

    @Test
    void cancellingANodeDropsAllItsRequests() {
        RetransmitRequests r = new RetransmitRequests(250, new Random(1));
        r.schedule("b", 1, 0);
        r.schedule("b", 2, 0);
        r.schedule("c", 1, 0);
        r.cancelAll("b");
        assertThat(r.size()).isEqualTo(1);
    }

    @Test
    void historyResendsTheSameBytesButNotTwiceWithinTheDelay() {
        TransmitHistory h = new TransmitHistory(250);
        byte[] five = {5};
        for (long s = 1; s <= 10; s++) {
            h.add(s, s == 5 ? five : new byte[] {(byte) s});
        }
        TransmitHistory.Answer a = h.answer("b", 5, 5, 0);
        assertThat(a.resend()).containsExactly(five);
        assertThat(h.answer("b", 5, 5, 100 * MS).resend()).isEmpty();
        assertThat(h.answer("b", 5, 5, 300 * MS).resend()).containsExactly(five);
    }

    @Test
    void historyNaksWhatItNoLongerHolds() {
        TransmitHistory h = new TransmitHistory(250);
        for (long s = 1; s <= TransmitHistory.CAPACITY + 20; s++) {
            h.add(s, new byte[] {1});
        }
        TransmitHistory.Answer a = h.answer("b", 3, 3, 0);
        assertThat(a.resend()).isEmpty();
        assertThat(a.naks()).containsExactly(Message.strings("t", "NS_nak_rexmit", "firstseq", "3", "dest", "b",
                "info", "seqno too low"));
    }

    @Test
    void historyBatchesAtMostFiftyAndIgnoresNonsenseRanges() {
        TransmitHistory h = new TransmitHistory(250);
        for (long s = 1; s <= 200; s++) {
            h.add(s, new byte[] {1});
        }
        assertThat(h.answer("b", 1, 200, 0).resend()).hasSize(TransmitHistory.MAX_BATCH);
        assertThat(h.answer("b", 9, 3, 0).resend()).isEmpty();
        assertThat(h.answer("b", 0, 3, 0).resend()).isEmpty();
    }
}
