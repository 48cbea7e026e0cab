package org.jvs.heartbeat.config;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void plainNumbersAreSecondsAndSuffixesSelectSmallerUnits() {
        assertThat(Durations.parseMillis("2")).isEqualTo(2000);
        assertThat(Durations.parseMillis("0.5")).isEqualTo(500);
        assertThat(Durations.parseMillis("1500ms")).isEqualTo(1500);
        assertThat(Durations.parseMillis("250 ms")).isEqualTo(250);
        assertThat(Durations.parseMillis("1500us")).isEqualTo(2);
        assertThat(Durations.parseMillis("100MS")).isEqualTo(100);
    }

    @Test
    void secondsSuffixAndGarbageAreRefusedAsHeartbeatRefusesThem() {
        assertThat(Durations.parseMillis("2s")).isEqualTo(-1);
        assertThat(Durations.parseMillis("x")).isEqualTo(-1);
        assertThat(Durations.parseMillis("")).isEqualTo(-1);
        assertThat(Durations.parseMillis("-1")).isEqualTo(-1);
    }

    @Property
    void formattedMillisecondsReadBack(@ForAll @LongRange(min = 0, max = 10_000_000) long ms) {
        assertThat(Durations.parseMillis(Durations.format(ms))).isEqualTo(ms);
    }
}
