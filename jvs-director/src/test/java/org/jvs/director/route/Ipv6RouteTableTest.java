package org.jvs.director.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class Ipv6RouteTableTest {
    /** As read in a namespace here: a default route, two on-link prefixes, local and reject routes. */
    private static final String PROC = """
            00000000000000000000000000000000 00 00000000000000000000000000000000 00 20010db8000000000000000000000009 00000400 00000001 00000000 00000003     eth0
            20010db8000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
            20010db8000100000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth1
            20010db8000100000000000000000000 30 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth2
            20010db8000200000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000000     eth3
            00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000003 00000000 80200001       lo
            20010db8000100000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001     eth1
            00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
            """;
    private static final long DB8 = 0x2001_0db8_0000_0000L;

    @Test
    void longestPrefixWinsThenTheDefaultRouteAndItsGateway() {
        Ipv6RouteTable t = Ipv6RouteTable.parse(PROC);
        Ipv6RouteTable.Route rs = t.lookup(DB8 | 0x0001_0000L, 2);
        assertThat(rs.device()).isEqualTo("eth1");
        assertThat(rs.hasGateway()).isFalse();
        Ipv6RouteTable.Route def = t.lookup(0x2001_0db8_00ff_0000L, 7);
        assertThat(def.device()).isEqualTo("eth0");
        assertThat(def.hasGateway()).isTrue();
        assertThat(def.gatewayHigh()).isEqualTo(DB8);
        assertThat(def.gatewayLow()).isEqualTo(9);
    }

    @Test
    void routesThatAreDownOrRejectAreNotRoutes() {
        Ipv6RouteTable t = Ipv6RouteTable.parse(PROC.lines().filter(l -> !l.endsWith("eth0"))
                .reduce("", (a, b) -> a + b + "\n"));
        assertThat(t.lookup(DB8 | 0x0002_0000L, 5)).isNull();
        assertThat(t.lookup(0x2a00_0000_0000_0000L, 1)).isNull();
    }

    @Test
    void localRoutesNameTheHostsOwnAddresses() {
        Ipv6RouteTable t = Ipv6RouteTable.parse(PROC);
        assertThat(t.isLocal(0, 1)).isTrue();
        assertThat(t.isLocal(DB8 | 0x0001_0000L, 1)).isTrue();
        assertThat(t.isLocal(DB8 | 0x0001_0000L, 2)).isFalse();
    }

    @Test
    void garbageLinesAreSkipped() {
        Ipv6RouteTable t = Ipv6RouteTable.parse("nonsense\n\n" + "zz".repeat(16) + " 80\n");
        assertThat(t.lookup(0, 1)).isNull();
        assertThat(t.isLocal(0, 1)).isFalse();
    }

    @Property(tries = 2000)
    void prefixMatchAgreesWithBigIntegerArithmetic(@ForAll long prefixHigh, @ForAll long prefixLow,
            @ForAll @IntRange(min = 0, max = 128) int length, @ForAll long high, @ForAll long low,
            @ForAll boolean near) {
        if (near) {
            // Mostly-equal addresses, so that matches are frequent too.
            high = prefixHigh ^ (high & 1L << (low & 63));
            low = prefixLow ^ (low >>> 60);
        }
        BigInteger a = unsigned128(prefixHigh, prefixLow).shiftRight(128 - length);
        BigInteger b = unsigned128(high, low).shiftRight(128 - length);
        assertThat(Ipv6RouteTable.prefixMatches(prefixHigh, prefixLow, length, high, low)).isEqualTo(a.equals(b));
    }

    private static BigInteger unsigned128(long high, long low) {
        return new BigInteger(Long.toUnsignedString(high)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(low)));
    }
}
