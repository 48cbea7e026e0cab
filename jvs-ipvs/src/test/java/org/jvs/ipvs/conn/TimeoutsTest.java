package org.jvs.ipvs.conn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeoutsTest {

    @Test
    void defaultsAre900And120And300() {
        Timeouts t = Timeouts.DEFAULTS;
        assertThat(new int[] {t.tcpEstablished(), t.tcpFinWait(), t.udp()}).containsExactly(900, 120, 300);
    }

    @Test
    void setChangesOnlyEstablishedFinWaitAndUdp() {
        Timeouts t = Timeouts.DEFAULTS.withSet(3600, 30, 60);
        assertThat(t.tcpEstablished()).isEqualTo(3600);
        assertThat(t.tcpFinWait()).isEqualTo(30);
        assertThat(t.udp()).isEqualTo(60);
        for (TcpState s : TcpState.values()) {
            if (s != TcpState.ESTABLISHED && s != TcpState.FIN_WAIT) {
                assertThat(t.tcp(s)).as(s.label()).isEqualTo(s.defaultTimeoutSec());
            }
        }
        assertThat(t.sctp()).isEqualTo(Timeouts.DEFAULTS.sctp());
    }

    @Test
    void zeroKeepsTheCurrentValue() {
        Timeouts t = Timeouts.DEFAULTS.withSet(100, 0, 0).withSet(0, 50, 0).withSet(0, 0, 7);
        assertThat(new int[] {t.tcpEstablished(), t.tcpFinWait(), t.udp()}).containsExactly(100, 50, 7);
        assertThat(Timeouts.DEFAULTS.tcpEstablished()).as("the original is immutable").isEqualTo(900);
    }
}
