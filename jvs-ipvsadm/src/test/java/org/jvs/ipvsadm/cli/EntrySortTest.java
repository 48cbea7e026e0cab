package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.stats.StatsSnapshot;
import org.jvs.ipvsadm.control.DestEntry;
import org.junit.jupiter.api.Test;

class EntrySortTest {
    private static final DestEntry A = dest("10.0.0.1", 80);
    private static final DestEntry B = dest("192.168.0.1", 80);
    private static final DestEntry C = dest("100.0.0.1", 80);

    @Test
    void addressesMoreThanTwoToThe31ApartCompareBackwards() {
        assertThat(EntrySort.compareDests(A, B)).isPositive();
        assertThat(EntrySort.compareDests(A, C)).isNegative();
        assertThat(EntrySort.compareDests(B, C)).isPositive();
    }

    @Test
    void cyclicOrderIsResolvedExactlyAsGlibcsMergeSortDoes() {
        // B < A < C < B: the outcome depends on the algorithm, and glibc's merge sort gives these.
        assertThat(EntrySort.dests(List.of(A, B, C))).containsExactly(A, C, B);
        assertThat(EntrySort.dests(List.of(C, B, A))).containsExactly(C, B, A);
        assertThat(EntrySort.dests(List.of(B, C, A))).containsExactly(B, A, C);
    }

    @Test
    void nearbyAddressesSortNaturallyThenByPort() {
        DestEntry a81 = dest("10.0.0.1", 81);
        DestEntry d = dest("10.0.0.2", 1);
        assertThat(EntrySort.dests(List.of(d, a81, A))).containsExactly(A, a81, d);
    }

    @Test
    void ipv6AddressesCompareWordByWord() {
        DestEntry x = dest("2001:db8::1", 80);
        DestEntry y = dest("2001:db8::1:0", 80);
        assertThat(EntrySort.dests(List.of(y, x))).containsExactly(x, y);
    }

    private static DestEntry dest(String addr, int port) {
        return new DestEntry(new DestConfig(IpAddress.parseNumeric(addr), port, ForwardingMethod.ROUTE, 1, 0, 0, null),
                0, 0, 0, StatsSnapshot.ZERO);
    }
}
