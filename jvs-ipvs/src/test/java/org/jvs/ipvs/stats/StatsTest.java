package org.jvs.ipvs.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void estimatorConvergesOnTheSteadyRateAsTheKernelsDoes() {
        Stats s = new Stats();
        for (int tick = 0; tick < 80; tick++) {
            for (int i = 0; i < 1000; i++) {
                s.addConnection();
                s.addIn(100);
            }
            for (int i = 0; i < 2000; i++) {
                s.addOut(1500);
            }
            s.estimate();
        }
        StatsSnapshot snap = s.snapshot();
        // 1000 per 2-second tick = 500 per second.
        assertThat(snap.cps()).isEqualTo(500);
        assertThat(snap.inPps()).isEqualTo(500);
        assertThat(snap.outPps()).isEqualTo(1000);
        assertThat(snap.inBps()).isEqualTo(50_000);
        assertThat(snap.outBps()).isEqualTo(1_500_000);
        assertThat(snap.conns()).isEqualTo(80_000);
        assertThat(snap.outBytes()).isEqualTo(80L * 2000 * 1500);
    }

    @Test
    void firstTickShowsAQuarterOfTheRateAsTheEightSecondAverageStarts() {
        Stats s = new Stats();
        for (int i = 0; i < 800; i++) {
            s.addConnection();
        }
        s.estimate();
        // avg += (rate - avg) / 4 with rate 400/s: 100/s after one tick.
        assertThat(s.snapshot().cps()).isEqualTo(100);
    }

    @Test
    void zeroClearsCountersAndRates() {
        Stats s = new Stats();
        s.addConnection();
        s.addIn(60);
        s.estimate();
        s.zero();
        assertThat(s.snapshot()).isEqualTo(StatsSnapshot.ZERO);
        s.estimate();
        assertThat(s.snapshot()).isEqualTo(StatsSnapshot.ZERO);
    }
}
