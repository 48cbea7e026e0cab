package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.ipvsadm.cli.Golden.lines;

import org.junit.jupiter.api.Test;

/** The ipvsadm command lines of the LVS tutorial (seed/lvs-tutorial.zh.txt) and of ldirectord, as typed. */
class TutorialCommandsTest {
    private final IpvsadmRunner ipvsadm = new IpvsadmRunner();

    @Test
    void natClusterWithWeightedRoundRobin() {
        ipvsadm.ok("-A -t 172.16.100.1:80 -s wrr");
        ipvsadm.ok("-a -t 172.16.100.1:80 -r 172.25.254.2 -m -w 1");
        ipvsadm.ok("-a -t 172.16.100.1:80 -r 172.25.254.3 -m -w 2");
        assertThat(ipvsadm.run("-Ln").out()).isEqualTo(lines(
                "IP Virtual Server version 1.2.1 (size=4096)|",
                "Prot LocalAddress:Port Scheduler Flags|",
                "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn|",
                "TCP  172.16.100.1:80 wrr|",
                "  -> 172.25.254.2:80              Masq    1      0          0         |",
                "  -> 172.25.254.3:80              Masq    2      0          0         |"));
        assertThat(ipvsadm.run("-S -n").out()).isEqualTo(lines(
                "-A -t 172.16.100.1:80 -s wrr|",
                "-a -t 172.16.100.1:80 -r 172.25.254.2:80 -m -w 1|",
                "-a -t 172.16.100.1:80 -r 172.25.254.3:80 -m -w 2|"));

        ipvsadm.ok("-E -t 172.16.100.1:80 -s wrr");
        ipvsadm.ok("-e -t 172.16.100.1:80 -r 172.25.254.2 -m -w 2");
        ipvsadm.ok("-e -t 172.16.100.1:80 -r 172.25.254.3 -m -w 5");
        assertThat(ipvsadm.run("-S -n").out()).isEqualTo(lines(
                "-A -t 172.16.100.1:80 -s wrr|",
                "-a -t 172.16.100.1:80 -r 172.25.254.2:80 -m -w 2|",
                "-a -t 172.16.100.1:80 -r 172.25.254.3:80 -m -w 5|"));
    }

    @Test
    void directRoutingClustersDefaultToGatewayingAndTheServicePort() {
        ipvsadm.ok("-A -t 192.168.122.100:80 -s rr");
        ipvsadm.ok("-a -t 192.168.122.100:80 -r 192.168.122.22");
        ipvsadm.ok("-a -t 192.168.122.100:80 -r 192.168.122.33");
        ipvsadm.ok("-A -t 172.25.254.100:80 -s rr");
        ipvsadm.ok("-a -t 172.25.254.100:80 -r 172.25.254.2:80 -g");
        // DR cannot translate ports: ipvsadm replaces 8080 by the service port.
        ipvsadm.ok("-a -t 172.25.254.100:80 -r 172.25.254.3:8080 -g");
        assertThat(ipvsadm.run("-S -n").out()).isEqualTo(lines(
                "-A -t 172.25.254.100:80 -s rr|",
                "-a -t 172.25.254.100:80 -r 172.25.254.2:80 -g -w 1|",
                "-a -t 172.25.254.100:80 -r 172.25.254.3:80 -g -w 1|",
                "-A -t 192.168.122.100:80 -s rr|",
                "-a -t 192.168.122.100:80 -r 192.168.122.22:80 -g -w 1|",
                "-a -t 192.168.122.100:80 -r 192.168.122.33:80 -g -w 1|"));
    }

    @Test
    void clearThenListShowsAnEmptyTable() {
        ipvsadm.ok("-A -t 172.25.254.100:80 -s rr");
        ipvsadm.ok("-C");
        assertThat(ipvsadm.run("-L").out()).isEqualTo(lines(
                "IP Virtual Server version 1.2.1 (size=4096)|",
                "Prot LocalAddress:Port Scheduler Flags|",
                "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn|"));
    }

    @Test
    void ldirectordsCommandLinesWork() {
        ipvsadm.ok("-A -t 172.25.254.100:80 -s rr");
        ipvsadm.ok("-a -t 172.25.254.100:80 -x 0 -y 0 -r 172.25.254.2:80 -g -w 1");
        ipvsadm.ok("-a -t 172.25.254.100:80 -x 0 -y 0 -r 127.0.0.1:80 -g -w 0");
        ipvsadm.ok("-e -t 172.25.254.100:80 -x 0 -y 0 -r 127.0.0.1:80 -g -w 1");
        ipvsadm.ok("-d -t 172.25.254.100:80 -r 172.25.254.2:80");
        assertThat(ipvsadm.run("-L -n --thresholds").out()).isEqualTo(lines(
                "IP Virtual Server version 1.2.1 (size=4096)|",
                "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn |",
                "  -> RemoteAddress:Port|",
                "TCP  172.25.254.100:80 rr|",
                "  -> 127.0.0.1:80                 0          0          0          0         |"));
    }

    @Test
    void natServerWithoutPortTakesTheServicePortAndKeepsAGivenOne() {
        ipvsadm.ok("-A -u 10.0.0.1:53 -s sh");
        ipvsadm.ok("-a -u 10.0.0.1:53 -r 10.1.1.1 -m");
        ipvsadm.ok("-a -u 10.0.0.1:53 -r 10.1.1.2:5353 -m -w 4");
        assertThat(ipvsadm.run("-S -n").out()).isEqualTo(lines(
                "-A -u 10.0.0.1:53 -s sh|",
                "-a -u 10.0.0.1:53 -r 10.1.1.1:53 -m -w 1|",
                "-a -u 10.0.0.1:53 -r 10.1.1.2:5353 -m -w 4|"));
    }

    @Test
    void editServiceWithoutSchedulerFallsBackToWlcAsIpvsadmDoes() {
        ipvsadm.ok("-A -t 10.0.0.1:80 -s rr -p 60");
        ipvsadm.ok("-E -t 10.0.0.1:80 -p 60");
        assertThat(ipvsadm.run("-S -n").out()).isEqualTo("-A -t 10.0.0.1:80 -s wlc -p 60\n");
    }

    @Test
    void portZeroServiceIsAllowedWhenPersistent() {
        ipvsadm.ok("-A -t 10.0.0.1:0 -p");
        ipvsadm.ok("-a -t 10.0.0.1:0 -r 10.1.1.1");
        assertThat(ipvsadm.run("-S -n").out()).isEqualTo(lines(
                "-A -t 10.0.0.1:0 -s wlc -p 360|",
                "-a -t 10.0.0.1:0 -r 10.1.1.1:0 -g -w 1|"));
    }
}
