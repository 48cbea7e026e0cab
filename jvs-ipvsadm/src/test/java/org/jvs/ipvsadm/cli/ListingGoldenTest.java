package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.ipvsadm.cli.Golden.lines;

import java.util.List;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceKey;
import org.jvs.ipvs.stats.StatsSnapshot;
import org.jvs.ipvsadm.control.ConnectionEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListingGoldenTest {
    private static final ServiceKey TCP80 = ServiceKey.of(Protocol.TCP, ip("10.0.0.1"), 80);
    private static final String TITLE = "Prot LocalAddress:Port Scheduler Flags|";
    private static final String DEST_TITLE = "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn|";

    private final IpvsadmRunner ipvsadm = new IpvsadmRunner();

    @BeforeEach
    void referenceTable() {
        // Added in the reverse of listing order, so the listing must sort.
        ipvsadm.ok("-A -f 7 -s rr -o");
        ipvsadm.ok("-a -f 7 -r 192.168.1.5 -i");
        ipvsadm.ok("-A -u 10.0.0.1:53 -s sh -b sh-fallback,sh-port");
        ipvsadm.ok("-a -u 10.0.0.1:53 -r 192.168.1.4 -g");
        ipvsadm.ok("-A -t 10.0.0.1:80 -s wrr -p -M 255.255.255.0");
        ipvsadm.ok("-a -t 10.0.0.1:80 -r 192.168.1.3:8080 -m -w 0");
        ipvsadm.ok("-a -t 10.0.0.1:80 -r 192.168.1.2:8080 -m -w 3");
        ipvsadm.director.setDestCounters(TCP80, ip("192.168.1.2"), 8080, 12, 40, 2,
                new StatsSnapshot(1000, 80_000, 70_000, 100_000_123L, 90_000_123_456L, 12, 340, 300, 45_000, 400_000));
        ipvsadm.director.setDestCounters(TCP80, ip("192.168.1.3"), 8080, 1, 7, 0, StatsSnapshot.ZERO);
        ipvsadm.director.setDestCounters(ServiceKey.of(Protocol.UDP, ip("10.0.0.1"), 53), ip("192.168.1.4"), 53,
                0, 5, 0, StatsSnapshot.ZERO);
        ipvsadm.director.setStats(TCP80,
                new StatsSnapshot(1234, 98_765, 87_654, 123_456_789L, 98_765_432_100L, 12, 340, 300, 45_000, 400_000));
    }

    @Test
    void numericListingMatchesTheReferenceRendering() {
        IpvsadmRunner.Result r = ipvsadm.run("-Ln");
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(lines(
                "IP Virtual Server version 1.2.1 (size=4096)|",
                TITLE,
                DEST_TITLE,
                "TCP  10.0.0.1:80 wrr persistent 360 mask 255.255.255.0|",
                "  -> 192.168.1.2:8080             Masq    3      12         40        |",
                "  -> 192.168.1.3:8080             Masq    0      1          7         |",
                "UDP  10.0.0.1:53 sh (sh-fallback,sh-port)|",
                "  -> 192.168.1.4:53               Route   1      0          5         |",
                "FWM  7 rr ops|",
                "  -> 192.168.1.5:0                Tunnel  1      0          0         |"));
    }

    @Test
    void longAndLowercaseListSpellingsPrintTheSame() {
        String expected = ipvsadm.run("-Ln").out();
        assertThat(ipvsadm.run("-l -n").out()).isEqualTo(expected);
        assertThat(ipvsadm.run("--list --numeric").out()).isEqualTo(expected);
        assertThat(ipvsadm.run("-L -n --sort").out()).isEqualTo(expected);
    }

    @Test
    void statsListingAbbreviatesLargeCounters() {
        assertThat(ipvsadm.run("-Ln --stats -t 10.0.0.1:80").out()).isEqualTo(lines(
                "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes|",
                "  -> RemoteAddress:Port|",
                "TCP  10.0.0.1:80                      1234    98765    87654  123456K   98765M|",
                "  -> 192.168.1.2:8080                 1000    80000    70000  100000K   90000M|",
                "  -> 192.168.1.3:8080                    0        0        0        0        0|"));
    }

    @Test
    void exactStatsWidenColumnsForLongNumbers() {
        assertThat(ipvsadm.run("-L -n --stats --exact -t 10.0.0.1:80").out()).isEqualTo(lines(
                "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes|",
                "  -> RemoteAddress:Port|",
                "TCP  10.0.0.1:80                      1234    98765    87654 123456789 98765432100|",
                "  -> 192.168.1.2:8080                 1000    80000    70000 100000123 90000123456|",
                "  -> 192.168.1.3:8080                    0        0        0        0        0|"));
    }

    @Test
    void rateListingShowsPacketRatesUnabbreviatedForServers() {
        assertThat(ipvsadm.run("-Ln --rate -t 10.0.0.1:80").out()).isEqualTo(lines(
                "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS|",
                "  -> RemoteAddress:Port|",
                "TCP  10.0.0.1:80                        12      340      300    45000   400000|",
                "  -> 192.168.1.2:8080                   12      340      300    45000   400000|",
                "  -> 192.168.1.3:8080                    0        0        0        0        0|"));
    }

    @Test
    void statsWinOverRateWhenBothAreGiven() {
        assertThat(ipvsadm.run("-Ln --rate --stats -t 10.0.0.1:80").out())
                .isEqualTo(ipvsadm.run("-Ln --stats -t 10.0.0.1:80").out());
    }

    @Test
    void thresholdsListingShowsBothThresholdsAndPadsTheLastColumn() {
        ipvsadm.ok("-e -t 10.0.0.1:80 -r 192.168.1.2:8080 -m -w 3 -x 100 -y 50");
        assertThat(ipvsadm.run("-L -n --thresholds -t 10.0.0.1:80").out()).isEqualTo(lines(
                "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn |",
                "  -> RemoteAddress:Port|",
                "TCP  10.0.0.1:80 wrr persistent 360 mask 255.255.255.0|",
                "  -> 192.168.1.2:8080             100        50         12         40        |",
                "  -> 192.168.1.3:8080             0          0          1          7         |"));
    }

    @Test
    void persistentConnListingShowsTemplates() {
        assertThat(ipvsadm.run("-Ln --persistent-conn -t 10.0.0.1:80").out()).isEqualTo(lines(
                "Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn |",
                "  -> RemoteAddress:Port|",
                "TCP  10.0.0.1:80 wrr persistent 360 mask 255.255.255.0|",
                "  -> 192.168.1.2:8080             3         2           12         40        |",
                "  -> 192.168.1.3:8080             0         0           1          7         |"));
    }

    @Test
    void tunnelInfoListingDescribesEveryTunnelType() {
        ipvsadm.ok("-a -f 7 -r 192.168.1.6 -i --tun-type gue --tun-port 6080 --tun-remcsum");
        ipvsadm.ok("-a -f 7 -r 192.168.1.7 -i --tun-type gre --tun-csum");
        ipvsadm.ok("-a -f 7 -r 192.168.1.8 -m");
        assertThat(ipvsadm.run("-Ln --tun-info -f 7").out()).isEqualTo(lines(
                "Prot LocalAddress:Port Scheduler Flags|",
                "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn|",
                "FWM  7 rr ops|",
                "  -> 192.168.1.5:0                Tunnel  ipip          1      0          0         |",
                "  -> 192.168.1.6:0                Tunnel  gue:6080:r+c  1      0          0         |",
                "  -> 192.168.1.7:0                Tunnel  gre:+c        1      0          0         |",
                "  -> 192.168.1.8:0                Masq    n/a           1      0          0         |"));
    }

    @Test
    void singleServiceListingHasNoVersionLine() {
        assertThat(ipvsadm.run("-L -n -u 10.0.0.1:53").out()).isEqualTo(lines(
                TITLE,
                DEST_TITLE,
                "UDP  10.0.0.1:53 sh (sh-fallback,sh-port)|",
                "  -> 192.168.1.4:53               Route   1      0          5         |"));
    }

    @Test
    void nosortKeepsTheDirectorsOrder() {
        IpvsadmRunner.Result r = ipvsadm.run("-Ln --nosort");
        assertThat(r.out()).isEqualTo(lines(
                "IP Virtual Server version 1.2.1 (size=4096)|",
                TITLE,
                DEST_TITLE,
                "FWM  7 rr ops|",
                "  -> 192.168.1.5:0                Tunnel  1      0          0         |",
                "UDP  10.0.0.1:53 sh (sh-fallback,sh-port)|",
                "  -> 192.168.1.4:53               Route   1      0          5         |",
                "TCP  10.0.0.1:80 wrr persistent 360 mask 255.255.255.0|",
                "  -> 192.168.1.2:8080             Masq    3      12         40        |",
                "  -> 192.168.1.3:8080             Masq    0      1          7         |"));
    }

    @Test
    void namesAreResolvedWithoutNumericAndTruncatedTo33And28() {
        ipvsadm.ok("-C");
        ipvsadm.names.host("www.a-rather-long-name.example.com", "10.9.9.9");
        ipvsadm.names.host("realserver-with-long-name.example.org", "10.1.1.1");
        ipvsadm.ok("-A -t 10.9.9.9:80");
        ipvsadm.ok("-a -t 10.9.9.9:80 -r 10.1.1.1 -w 2");
        ipvsadm.ok("-a -t 10.9.9.9:80 -r 10.1.1.2");
        assertThat(ipvsadm.run("-L").out()).isEqualTo(lines(
                "IP Virtual Server version 1.2.1 (size=4096)|",
                TITLE,
                DEST_TITLE,
                "TCP  www.a-rather-long-name.examp wlc|",
                "  -> realserver-with-long-name.ex Route   2      0          0         |",
                "  -> 10.1.1.2:http                Route   1      0          0         |"));
    }

    @Test
    void ipv6NamesAreBracketedAndNeverTruncated() {
        ipvsadm.ok("-C");
        ipvsadm.ok("-A -t [2001:db8:0:0:0:0:0:100]:443 -s rr -p 60 -M 64");
        ipvsadm.ok("-a -t [2001:db8::100]:443 -r [2001:db8:ffff:ffff:ffff:ffff:ffff:2]:8443 -m");
        ipvsadm.ok("-A -f 9 -6 -p");
        assertThat(ipvsadm.run("-Ln").out()).isEqualTo(lines(
                "IP Virtual Server version 1.2.1 (size=4096)|",
                TITLE,
                DEST_TITLE,
                "TCP  [2001:db8::100]:443 rr persistent 60 mask 64|",
                "  -> [2001:db8:ffff:ffff:ffff:ffff:ffff:2]:8443 Masq    1      0          0         |",
                "FWM  9 IPv6 wlc persistent 360|"));
    }

    @Test
    void fwmarksAboveTwoToThe31ArePrintedUnsigned() {
        ipvsadm.ok("-C");
        ipvsadm.ok("-A -f 4294967295 -s rr");
        assertThat(ipvsadm.run("-Ln").out()).endsWith("FWM  4294967295 rr\n");
        assertThat(ipvsadm.run("-S").out()).isEqualTo("-A -f 4294967295 -s rr\n");
    }

    @Test
    void sortingKeepsIpvsadmsSignedSubtractionQuirk() {
        ipvsadm.ok("-C");
        ipvsadm.ok("-A -t 10.0.0.1:80");
        ipvsadm.ok("-A -t 192.168.0.1:80");
        // 192.168.0.1 - 10.0.0.1 wraps to a negative int, so 192.168.0.1 sorts first.
        assertThat(ipvsadm.run("-Ln").out()).endsWith(lines(
                "TCP  192.168.0.1:80 wlc|",
                "TCP  10.0.0.1:80 wlc|"));
    }

    @Test
    void timeoutListing() {
        ipvsadm.ok("--set 1000 0 45");
        assertThat(ipvsadm.run("-L --timeout").out()).isEqualTo("Timeout (tcp tcpfin udp): 1000 120 45\n");
    }

    @Test
    void daemonListingShowsOnlyWhatIsSet() {
        ipvsadm.ok("--start-daemon master --mcast-interface eth1 --syncid 7 --mcast-group 239.1.1.1 --mcast-port 9000 --mcast-ttl 2 --sync-maxlen 1400");
        ipvsadm.ok("--start-daemon backup");
        assertThat(ipvsadm.run("-L --daemon").out()).isEqualTo(lines(
                "master sync daemon (mcast=eth1, syncid=7, maxlen=1400, group=239.1.1.1, port=9000, ttl=2)|",
                "backup sync daemon (mcast=eth0, syncid=0)|"));
    }

    @Test
    void connectionListingMatchesTheReferenceRendering() {
        ipvsadm.director.setConnections(List.of(
                conn("TCP", 898, "ESTABLISHED", "203.0.113.9", 51234, "10.0.0.1", 80, "192.168.1.2", 8080),
                conn("TCP", 359, "ASSURED", "203.0.113.0", 0, "10.0.0.1", 80, "192.168.1.2", 8080),
                conn("UDP", 299, "UDP", "198.51.100.7", 40000, "10.0.0.1", 53, "192.168.1.4", 53)));
        assertThat(ipvsadm.run("-Lnc").out()).isEqualTo(lines(
                "IPVS connection entries|",
                "pro expire state       source             virtual            destination|",
                "TCP 14:58  ESTABLISHED 203.0.113.9:51234  10.0.0.1:80        192.168.1.2:8080|",
                "TCP 05:59  ASSURED     203.0.113.0:0      10.0.0.1:80        192.168.1.2:8080|",
                "UDP 04:59  UDP         198.51.100.7:40000 10.0.0.1:53        192.168.1.4:53|"));
    }

    @Test
    void connectionListingWithNamesAndPersistenceEngineColumns() {
        ipvsadm.names.host("client.example", "203.0.113.9");
        ipvsadm.director.setConnections(List.of(
                new ConnectionEntry("UDP", 3599, "UDP", ip("203.0.113.9"), 5060, ip("10.0.0.1"), 5060,
                        ip("192.168.1.4"), 5060, "sip", "4a6f-call"),
                conn("TCP", 65, "FIN_WAIT", "203.0.113.9", 40000, "10.0.0.1", 80, "192.168.1.2", 80)));
        assertThat(ipvsadm.run("-L -c --persistent-conn").out()).isEqualTo(lines(
                "IPVS connection entries|",
                "pro expire state       source             virtual            destination        pe name          pe_data|",
                "UDP 59:59  UDP         client.example:5060 10.0.0.1:5060      192.168.1.4:5060 sip                4a6f-call|",
                "TCP 01:05  FIN_WAIT    client.example:40000 10.0.0.1:http      192.168.1.2:http|"));
    }

    @Test
    void emptyTableAfterClearListsOnlyTheTitles() {
        ipvsadm.ok("-C");
        assertThat(ipvsadm.run("-L").out()).isEqualTo(lines(
                "IP Virtual Server version 1.2.1 (size=4096)|", TITLE, DEST_TITLE));
        assertThat(ipvsadm.run("").out()).isEqualTo(ipvsadm.run("-L").out());
    }

    @Test
    void versionHeaderReportsTheDirectorsTableSize() {
        ipvsadm.director.setInfo(0x010201, 65536);
        assertThat(ipvsadm.run("-Ln").out()).startsWith("IP Virtual Server version 1.2.1 (size=65536)\n");
    }

    @Test
    void oldDirectorVersionIsWarnedAbout() {
        ipvsadm.director.setInfo(0x010100, 4096);
        IpvsadmRunner.Result r = ipvsadm.run("-C");
        assertThat(r.err()).isEqualTo("Warning: IPVS version mismatch: \n"
                + "  Kernel compiled with IPVS version 1.1.0\n"
                + "  ipvsadm v1.31  requires minimum IPVS version 1.1.4\n\n");
        assertThat(r.status()).isZero();
    }

    static ConnectionEntry conn(String proto, int expire, String state, String c, int cport, String v, int vport,
                                String d, int dport) {
        return new ConnectionEntry(proto, expire, state, ip(c), cport, ip(v), vport, ip(d), dport, "", "");
    }

    static IpAddress ip(String s) {
        return IpAddress.parseNumeric(s);
    }
}
