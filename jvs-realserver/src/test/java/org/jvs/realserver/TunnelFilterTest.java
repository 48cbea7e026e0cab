package org.jvs.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TunnelFilterTest {
    @Test
    void dropsIpipIpv6InIpAndGreToThisHostOnTheReceivingInterfacesOnly() {
        assertThat(TunnelFilter.ruleset(List.of("eth0", "eth1"), 0)).isEqualTo("""
                table inet jvs-realserver {}
                delete table inet jvs-realserver
                table inet jvs-realserver {
                  chain prerouting {
                    type filter hook prerouting priority raw; policy accept;
                    iifname { "eth0", "eth1" } meta l4proto 4 fib daddr type local counter drop
                    iifname { "eth0", "eth1" } meta l4proto 41 fib daddr type local counter drop
                    iifname { "eth0", "eth1" } meta l4proto 47 fib daddr type local counter drop
                  }
                }
                """);
    }

    @Test
    void aGuePortAddsItsUdpRule() {
        assertThat(TunnelFilter.ruleset(List.of("eth0"), 6080))
                .contains("    iifname { \"eth0\" } meta l4proto 47 fib daddr type local counter drop\n"
                        + "    iifname { \"eth0\" } udp dport 6080 fib daddr type local counter drop\n");
    }

    @Test
    void removalSucceedsWhetherOrNotTheTableExists() {
        assertThat(TunnelFilter.removal())
                .isEqualTo("table inet jvs-realserver {}\ndelete table inet jvs-realserver\n");
    }
}
