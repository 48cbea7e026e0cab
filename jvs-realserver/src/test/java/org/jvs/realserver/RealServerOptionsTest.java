package org.jvs.realserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.util.List;
import org.jvs.realserver.RealServerOptions.Mode;
import org.junit.jupiter.api.Test;

class RealServerOptionsTest {
    private static List<String> vips(RealServerOptions o) {
        return o.vips().stream().map(RealServerOptions::text).toList();
    }

    @Test
    void tunTakesSeveralVipsInterfacesAndAGuePort() {
        RealServerOptions o = RealServerOptions.parse("tun", "--vip", "192.168.122.100", "--vip=192.168.122.101/32",
                "--interface", "eth0", "--interface=eth1", "--gue-port", "6080");

        assertThat(o.mode()).isEqualTo(Mode.TUN);
        assertThat(vips(o)).containsExactly("192.168.122.100", "192.168.122.101");
        assertThat(o.interfaces()).containsExactly("eth0", "eth1");
        assertThat(o.guePort()).isEqualTo(6080);
    }

    @Test
    void drNeedsOnlyItsVips() {
        RealServerOptions o = RealServerOptions.parse("dr", "--vip", "172.25.254.100", "--vip", "2001:db8::100/128");

        assertThat(o.mode()).isEqualTo(Mode.DR);
        assertThat(vips(o)).containsExactly("172.25.254.100", "2001:db8::100");
        assertThat(o.interfaces()).isEmpty();
        assertThat(o.guePort()).isZero();
    }

    @Test
    void ipv6AddressesAreShownWithTheLongestZeroRunCompressed() throws Exception {
        for (String[] c : new String[][] {{"2001:db8::100", "2001:db8::100"}, {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},
            {"::2", "::2"}, {"2001:db8::", "2001:db8::"}, {"1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"},
            {"1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"}, {"1:0:0:2:0:0:3:4", "1::2:0:0:3:4"}}) {
            assertThat(RealServerOptions.text(java.net.InetAddress.getByName(c[0]))).isEqualTo(c[1]);
        }
    }

    @Test
    void mistakesAreNamedForTheOperator() {
        assertRejected("missing mode: tun or dr");
        assertRejected("unknown mode 'nat': expected tun or dr", "nat", "--vip", "10.0.0.1");
        assertRejected("at least one --vip is needed", "tun");
        assertRejected("--vip needs a value", "dr", "--vip");
        assertRejected("unknown option '--vips'", "dr", "--vips", "10.0.0.1");
        assertRejected("not an IPv4 address for --vip: 'www.example.com' (a VIP is one address, a.b.c.d)",
                "dr", "--vip", "www.example.com");
        assertRejected("not an IPv4 address for --vip: '10.0.0.256'", "dr", "--vip", "10.0.0.256");
        assertRejected("not an IPv4 address for --vip: '10.0.0.0/24' (a VIP is one address, a.b.c.d)",
                "dr", "--vip", "10.0.0.0/24");
        assertRejected("--vip 224.0.0.1 is not a unicast address", "dr", "--vip", "224.0.0.1");
        assertRejected("--vip 127.0.0.2 is not a unicast address", "dr", "--vip", "127.0.0.2");
        assertRejected("not an IPv6 address for --vip: '10.0.0.1:80'", "dr", "--vip", "10.0.0.1:80");
        assertRejected("not an IPv6 address for --vip: 'fe80::1%eth0' (a VIP is one address, such as 2001:db8::100)",
                "dr", "--vip", "fe80::1%eth0");
        assertRejected("not an IPv6 address for --vip: '2001:db8::/64' (a VIP is one address, such as 2001:db8::100)",
                "dr", "--vip", "2001:db8::/64");
        assertRejected("--vip fe80::1 is not a unicast address of global scope", "dr", "--vip", "fe80::1");
        assertRejected("--vip ff02::1 is not a unicast address of global scope", "dr", "--vip", "ff02::1");
        assertRejected("--vip ::1 is not a unicast address of global scope", "dr", "--vip", "::1");
        assertRejected("VIP 2001:db8::1 is given twice", "dr", "--vip", "2001:db8::1", "--vip",
                "2001:db8:0::1/128");
        assertRejected("VIP 10.0.0.1 is given twice", "dr", "--vip", "10.0.0.1", "--vip", "10.0.0.1/32");
        assertRejected("--gue-port must be 1..65535, not '0'", "tun", "--vip", "10.0.0.1", "--gue-port", "0");
        assertRejected("--gue-port must be 1..65535, not 70000", "tun", "--vip", "10.0.0.1", "--gue-port", "70000");
        assertRejected("not an interface name for --interface: 'eth0\"; flush ruleset'",
                "tun", "--vip", "10.0.0.1", "--interface", "eth0\"; flush ruleset");
        assertRejected("--interface and --gue-port apply to tun mode only", "dr", "--vip", "10.0.0.1",
                "--interface", "eth0");
    }

    private static void assertRejected(String message, String... args) {
        assertThatThrownBy(() -> RealServerOptions.parse(args)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
