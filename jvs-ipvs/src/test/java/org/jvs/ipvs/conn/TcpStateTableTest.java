package org.jvs.ipvs.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.ipvs.conn.TcpStateTable.ACK;
import static org.jvs.ipvs.conn.TcpStateTable.FIN;
import static org.jvs.ipvs.conn.TcpStateTable.INPUT;
import static org.jvs.ipvs.conn.TcpStateTable.INPUT_ONLY;
import static org.jvs.ipvs.conn.TcpStateTable.OUTPUT;
import static org.jvs.ipvs.conn.TcpStateTable.RST;
import static org.jvs.ipvs.conn.TcpStateTable.SYN;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TcpStateTableTest {

    private static final TcpState[] FROM = TcpState.values();

    /**
     * Each row of tcp_states in ip_vs_proto_tcp.c, as the next state for current states
     * NONE, ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT, TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK,
     * LISTEN, SYNACK. Segments carry realistic flag combinations (SYN+ACK, FIN+ACK, RST+ACK) to
     * show the event priority too.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            INPUT      | SYN     | SYN_RECV ESTABLISHED ESTABLISHED SYN_RECV SYN_RECV SYN_RECV SYN_RECV SYN_RECV SYN_RECV SYN_RECV SYN_RECV
            INPUT      | FIN_ACK | CLOSE CLOSE_WAIT SYN_SENT TIME_WAIT TIME_WAIT TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN TIME_WAIT
            INPUT      | ACK     | ESTABLISHED ESTABLISHED SYN_SENT ESTABLISHED FIN_WAIT TIME_WAIT CLOSE CLOSE_WAIT CLOSE LISTEN ESTABLISHED
            INPUT      | RST_ACK | CLOSE CLOSE CLOSE SYN_RECV CLOSE CLOSE CLOSE CLOSE LAST_ACK LISTEN SYN_RECV
            OUTPUT     | SYN_ACK | SYN_SENT ESTABLISHED SYN_SENT SYN_RECV SYN_SENT SYN_SENT SYN_SENT SYN_SENT SYN_SENT LISTEN SYN_RECV
            OUTPUT     | FIN     | TIME_WAIT FIN_WAIT SYN_SENT TIME_WAIT FIN_WAIT TIME_WAIT CLOSE TIME_WAIT LAST_ACK LISTEN TIME_WAIT
            OUTPUT     | ACK     | ESTABLISHED ESTABLISHED SYN_SENT ESTABLISHED FIN_WAIT TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK ESTABLISHED ESTABLISHED
            OUTPUT     | RST     | CLOSE CLOSE SYN_SENT CLOSE CLOSE TIME_WAIT CLOSE CLOSE CLOSE CLOSE CLOSE
            INPUT_ONLY | SYN     | SYN_RECV ESTABLISHED ESTABLISHED SYN_RECV SYN_RECV SYN_RECV SYN_RECV SYN_RECV SYN_RECV SYN_RECV SYN_RECV
            INPUT_ONLY | FIN_ACK | CLOSE FIN_WAIT SYN_SENT TIME_WAIT FIN_WAIT TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN TIME_WAIT
            INPUT_ONLY | ACK     | ESTABLISHED ESTABLISHED SYN_SENT ESTABLISHED FIN_WAIT TIME_WAIT CLOSE CLOSE_WAIT CLOSE LISTEN ESTABLISHED
            INPUT_ONLY | RST     | CLOSE CLOSE CLOSE SYN_RECV CLOSE CLOSE CLOSE CLOSE LAST_ACK LISTEN CLOSE
            """)
    void everyRowMatchesTheKernelTable(String table, String segment, String expectedRow) {
        int direction = switch (table) {
            case "INPUT" -> INPUT;
            case "OUTPUT" -> OUTPUT;
            default -> INPUT_ONLY;
        };
        int flags = switch (segment) {
            case "SYN" -> SYN;
            case "SYN_ACK" -> SYN | ACK;
            case "FIN" -> FIN;
            case "FIN_ACK" -> FIN | ACK;
            case "ACK" -> ACK;
            case "RST" -> RST;
            default -> RST | ACK;
        };
        List<TcpState> actual = new ArrayList<>();
        for (TcpState from : FROM) {
            actual.add(TcpState.ofCode(TcpStateTable.next(direction, flags, from.code())));
        }
        assertThat(actual).extracting(TcpState::name).containsExactly(expectedRow.split(" "));
    }

    @Test
    void eventPriorityIsRstThenSynThenFinThenAck() {
        assertThat(TcpStateTable.event(RST | SYN | FIN | ACK)).isEqualTo(3);
        assertThat(TcpStateTable.event(SYN | FIN | ACK)).isEqualTo(0);
        assertThat(TcpStateTable.event(FIN | ACK)).isEqualTo(1);
        assertThat(TcpStateTable.event(ACK)).isEqualTo(2);
        assertThat(TcpStateTable.event(0x08 /* PSH only */)).isEqualTo(-1);
    }

    @Test
    void segmentWithoutSynFinAckOrRstClosesTheConnection() {
        for (TcpState from : FROM) {
            assertThat(TcpStateTable.next(INPUT, 0x08, from.code())).isEqualTo(TcpState.CLOSE.code());
            assertThat(TcpStateTable.next(OUTPUT, 0, from.code())).isEqualTo(TcpState.CLOSE.code());
        }
    }

    @Test
    void statesHaveTheKernelNamesTimeoutsAndActiveSet() {
        assertThat(TcpState.values()).extracting(TcpState::label).containsExactly("NONE", "ESTABLISHED",
                "SYN_SENT", "SYN_RECV", "FIN_WAIT", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "SYNACK");
        assertThat(TcpState.values()).extracting(TcpState::defaultTimeoutSec)
                .containsExactly(2, 900, 120, 60, 120, 120, 10, 60, 30, 120, 120);
        assertThat(TcpState.values()).filteredOn(TcpState::active)
                .containsExactly(TcpState.ESTABLISHED, TcpState.SYN_SENT, TcpState.SYN_RECV, TcpState.SYNACK);
    }
}
