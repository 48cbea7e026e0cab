package org.jvs.drbd.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResyncControllerTest {

    @Test
    void fixedRateRequestsATenthOfTheRateEveryStep() {
        ResyncController c = new ResyncController(10240, 0, 100, 10, 102400);

        assertThat(c.step(0, 0)).isEqualTo(2048);
        assertThat(c.step(2048, 0)).isEqualTo(2048);
        assertThat(c.wantRateKiB()).isEqualTo(10240);
    }

    @Test
    void dynamicControllerRampsUpOverThePlanThenHoldsOnAFastLink() {
        ResyncController c = new ResyncController(250, 20, 100, 10, 102400);
        long first = c.step(0, 0);
        long previous = first;
        for (int i = 0; i < 400; i++) {
            // a fast link: everything requested arrives before the next step
            previous = c.step(previous, 0);
        }

        assertThat(first).isPositive();
        assertThat(previous).isGreaterThan(first).isLessThanOrEqualTo(102400 * 2 / 10);
        assertThat(c.step(previous, 0)).isCloseTo(previous, org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void dynamicControllerKeepsTheFillTargetInFlightOnASlowLink() {
        ResyncController c = new ResyncController(250, 20, 1000, 10, 102400);
        long inFlight = 0;
        long arrivedPerStep = 200;
        for (int i = 0; i < 300; i++) {
            long arrived = Math.min(inFlight, arrivedPerStep);
            inFlight -= arrived;
            inFlight += c.step(arrived, inFlight);
        }

        // the fill target plus what one step brings in
        assertThat(inFlight).isBetween(1000L, 1300L);
    }

    @Test
    void nothingIsRequestedBeyondCMaxRate() {
        ResyncController c = new ResyncController(4 << 20, 20, 0, 10, 250);

        assertThat(c.step(0, 0)).isEqualTo(50);
    }
}
