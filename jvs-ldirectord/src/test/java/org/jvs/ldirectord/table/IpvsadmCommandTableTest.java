package org.jvs.ldirectord.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.DestConfig;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceKey;

class IpvsadmCommandTableTest {
    static final String LISTING = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  172.25.254.100:80 rr
              -> 172.25.254.2:80              Route   1      0          0
              -> 172.25.254.3:80              Masq    0      3          1
            UDP  10.0.0.1:53 wrr persistent 300 mask 255.255.255.0
              -> 10.0.0.2:53                  Tunnel  5      0          0
            FWM  100 IPv6 sh
            TCP  [2001:db8::1]:443 wlc
              -> [2001:db8::2]:443            Route   2      0          0
            """;
    static final String THRESHOLDS = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn
              -> RemoteAddress:Port
            TCP  172.25.254.100:80 rr
              -> 172.25.254.2:80              100        10         0          0
              -> 172.25.254.3:80              0          0          3          1
            UDP  10.0.0.1:53 wrr persistent 300 mask 255.255.255.0
              -> 10.0.0.2:53                  0          0          0          0
            FWM  100 IPv6 sh
            TCP  [2001:db8::1]:443 wlc
              -> [2001:db8::2]:443            0          0          0          0
            """;

    @Test
    void listingAndThresholdsParseAsLdirectordReadsThem() {
        List<TableService> s = IpvsadmCommandTable.parse(LISTING, THRESHOLDS);

        assertThat(s).hasSize(4);
        TableService web = s.get(0);
        assertThat(web.config().key()).isEqualTo(ServiceKey.of(Protocol.TCP, IpAddress.parseNumeric("172.25.254.100"), 80));
        assertThat(web.config().scheduler()).isEqualTo("rr");
        assertThat(web.reals()).containsExactly(
                new DestConfig(IpAddress.parseNumeric("172.25.254.2"), 80, ForwardingMethod.ROUTE, 1, 100, 10, null),
                new DestConfig(IpAddress.parseNumeric("172.25.254.3"), 80, ForwardingMethod.MASQ, 0, 0, 0, null));
        TableService dns = s.get(1);
        assertThat(dns.config().timeoutSec()).isEqualTo(300);
        assertThat(dns.config().netmaskPrefix()).isEqualTo(24);
        assertThat(dns.reals().getFirst().method()).isEqualTo(ForwardingMethod.TUNNEL);
        assertThat(s.get(2).config().key()).isEqualTo(ServiceKey.ofFwmark(100, AddressFamily.INET6));
        assertThat(s.get(3).reals().getFirst().address()).isEqualTo(IpAddress.parseNumeric("2001:db8::2"));
    }
}
