package org.jvs.director.route;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static final String PROC = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
            eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            eth1\t00FE19AC\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            eth2\t00FE19AC\t00000000\t0000\t0\t0\t0\t00FFFFFF\t0\t0\t0
            """;

    private static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    @Test
    void longestPrefixWinsAndDownRoutesAreIgnored() {
        RouteTable t = RouteTable.parse(PROC);
        RouteTable.Route r = t.lookup(ip(172, 25, 254, 2));
        assertThat(r.device()).isEqualTo("eth1");
        assertThat(RouteTable.nextHop(r, ip(172, 25, 254, 2))).isEqualTo(ip(172, 25, 254, 2));
        RouteTable.Route def = t.lookup(ip(10, 1, 2, 3));
        assertThat(def.device()).isEqualTo("eth0");
        assertThat(RouteTable.nextHop(def, ip(10, 1, 2, 3))).isEqualTo(ip(192, 0, 2, 1));
    }

    @Test
    void noDefaultRouteMeansNoRoute() {
        RouteTable t = RouteTable.parse(PROC.lines().filter(l -> !l.contains("\t00000000\t010200C0")).reduce("", (a, b) -> a + b + "\n"));
        assertThat(t.lookup(ip(10, 1, 2, 3))).isNull();
    }

    @Test
    void localRoutesFromTheFibTrieNameTheHostsOwnAddresses() {
        String trie = """
                Main:
                  +-- 0.0.0.0/0 2 0 2
                     +-- 127.0.0.0/8 2 0 2
                        +-- 127.0.0.0/31 1 0 0
                           |-- 127.0.0.0
                              /8 host LOCAL
                           |-- 127.0.0.1
                              /32 host LOCAL
                        |-- 127.255.255.255
                           /32 link BROADCAST
                     +-- 172.25.254.0/24 2 0 1
                           |-- 172.25.254.0
                              /24 link UNICAST
                           |-- 172.25.254.1
                              /32 host LOCAL
                        |-- 172.25.254.100
                           /32 host LOCAL
                        |-- 172.25.254.255
                           /32 link BROADCAST
                """;
        RouteTable t = RouteTable.parse(PROC, trie);
        assertThat(t.isLocal(ip(127, 0, 0, 1))).isTrue();
        assertThat(t.isLocal(ip(127, 3, 2, 1))).isTrue();
        assertThat(t.isLocal(ip(172, 25, 254, 1))).isTrue();
        assertThat(t.isLocal(ip(172, 25, 254, 100))).isTrue();
        assertThat(t.isLocal(ip(172, 25, 254, 2))).isFalse();
        assertThat(t.isLocal(ip(172, 25, 254, 255))).isFalse();
        assertThat(RouteTable.parse(PROC).isLocal(ip(127, 0, 0, 1))).isFalse();
    }
}
