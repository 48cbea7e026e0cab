package org.jvs.director.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.ServiceConfig;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.service.VirtualService;
import org.junit.jupiter.api.Test;

class NftablesDiversionTest {

    private static VirtualService service(Protocol p, String vip, int port, ForwardingMethod m, String... rips) {
        VirtualService s = new VirtualService(new ServiceConfig(ServiceKey.of(p, IpAddress.parseNumeric(vip), port),
                "rr", 0, 0, -1, ""), null);
        for (String rip : rips) {
            s.addDestination(new RealServer(s, new DestConfig(IpAddress.parseNumeric(rip), 8080, m, 1, 0, 0, null)));
        }
        return s;
    }

    @Test
    void dropsServiceTrafficAndNatRepliesNotForTheDirector() {
        String rules = NftablesDiversion.ruleset(List.of(
                service(Protocol.TCP, "172.16.100.1", 80, ForwardingMethod.MASQ, "172.25.254.2", "172.25.254.3"),
                service(Protocol.UDP, "172.25.254.100", 53, ForwardingMethod.ROUTE, "172.25.254.4")));
        assertThat(rules).contains(
                "    ip daddr 172.16.100.1 meta l4proto tcp tcp dport 80 drop\n",
                "    ip saddr 172.25.254.2 meta l4proto tcp tcp sport 8080 fib daddr type != local drop\n",
                "    ip saddr 172.25.254.3 meta l4proto tcp tcp sport 8080 fib daddr type != local drop\n",
                "    ip daddr 172.25.254.100 meta l4proto udp udp dport 53 drop\n");
        // DR real servers answer clients directly: nothing to divert from them.
        assertThat(rules).doesNotContain("172.25.254.4");
        assertThat(rules).startsWith("table inet jvs {}\ndelete table inet jvs\n");
        // Packets the data plane hands to local real servers come back in through jvs-local.
        assertThat(rules).contains("policy accept;\n    iifname \"jvs-local\" accept\n    ip daddr");
    }

    @Test
    void portZeroServiceDivertsTheWholeProtocol() {
        String rules = NftablesDiversion.ruleset(List.of(service(Protocol.TCP, "2001:db8::1", 0, ForwardingMethod.ROUTE)));
        assertThat(rules).contains("    ip6 daddr 2001:db8::1 meta l4proto tcp drop\n");
    }
}
