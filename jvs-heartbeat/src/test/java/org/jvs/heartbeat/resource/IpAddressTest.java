package org.jvs.heartbeat.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IpAddressTest {

    @Test
    void tutorialFormIsAddressPrefixAndInterface() {
        IpAddress ip = IpAddress.parse("172.25.254.100/24/eth0");
        assertThat(ip.address().getHostAddress()).isEqualTo("172.25.254.100");
        assertThat(ip.prefix()).contains(24);
        assertThat(ip.nic()).contains("eth0");
        assertThat(ip.broadcast()).isEmpty();
    }

    @Test
    void aThirdPartStartingWithADigitIsTheBroadcastAddress() {
        IpAddress ip = IpAddress.parse("10.0.0.5/8/10.255.255.255");
        assertThat(ip.nic()).isEmpty();
        assertThat(ip.broadcast()).contains("10.255.255.255");
        assertThat(IpAddress.parse("10.0.0.5/8/eth1/10.255.255.255").broadcast()).contains("10.255.255.255");
        assertThat(IpAddress.parse("10.0.0.5").prefix()).isEqualTo(Optional.empty());
    }

    @Test
    void nonsenseIsRefusedWithTheArgumentInTheMessage() {
        assertThatThrownBy(() -> IpAddress.parse("www.example.com")).hasMessageContaining("www.example.com");
        assertThatThrownBy(() -> IpAddress.parse("10.0.0.1/33")).hasMessageContaining("bad netmask [33]");
    }
}
