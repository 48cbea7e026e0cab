package org.jvs.ldirectord.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.ForwardingMethod;
import org.jvs.ipvs.service.Protocol;
import org.jvs.ipvs.service.ServiceFlags;

class ConfigParserTest {
    static final String TUTORIAL = """
            checktimeout=3
            checkinterval=1
            autoreload=yes
            quiescent=no
            virtual=172.25.254.100:80
                    real=172.25.254.2:80 gate
                    real=172.25.254.3:80 gate
                    fallback=127.0.0.1:80 gate
                    service=http
                    request=".healthcheck.html"
                    receive="OKAY"
                    scheduler=rr
                    protocol=tcp
                    checktype=negotiate
            """;

    @TempDir
    Path dir;
    Path file;
    ConfigParser parser;

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve("ldirectord.cf");
        Path services = dir.resolve("services");
        Files.writeString(services, """
                http\t\t80/tcp\t\twww
                domain\t\t53/udp
                domain\t\t53/tcp
                """);
        parser = new ConfigParser(new SystemNameResolver(services), "director1", true);
    }

    LdirectordConfig parse(String text) throws ConfigException {
        return parser.parse(file, text);
    }

    @Test
    void tutorialExampleParsesAsWritten() throws Exception {
        LdirectordConfig c = parse(TUTORIAL);

        assertThat(c.name()).isEqualTo("ldirectord.cf");
        assertThat(c.checkIntervalSec()).isEqualTo(1);
        assertThat(c.autoreload()).isTrue();
        assertThat(c.virtuals()).hasSize(1);
        VirtualServiceConfig v = c.virtuals().getFirst();
        assertThat(v.text()).isEqualTo("172.25.254.100:80");
        assertThat(v.id()).isEqualTo("tcp:172.25.254.100:80");
        assertThat(v.scheduler()).isEqualTo("rr");
        assertThat(v.quiescent()).isFalse();
        assertThat(v.reals()).extracting(RealServerConfig::text).containsExactly("172.25.254.2:80", "172.25.254.3:80");
        assertThat(v.reals()).allSatisfy(r -> {
            assertThat(r.forward()).isEqualTo(Forward.GATE);
            assertThat(r.weight()).isEqualTo(1);
        });
        assertThat(v.fallback()).isEqualTo(new FallbackConfig(IpAddress.parseNumeric("127.0.0.1"), 80, Forward.GATE));
        HealthCheckConfig check = v.check();
        assertThat(check.type()).isEqualTo(CheckType.NEGOTIATE);
        assertThat(check.service()).isEqualTo(ServiceType.HTTP);
        assertThat(check.request()).isEqualTo("/.healthcheck.html");
        assertThat(check.receive()).isEqualTo("OKAY");
        assertThat(check.checkTimeoutSec()).isEqualTo(3);
        assertThat(check.negotiateTimeoutSec()).as("negotiatetimeout falls back to checktimeout").isEqualTo(3);
        assertThat(check.failureCount()).isEqualTo(1);
        assertThat(v.serviceConfig().key().protocol()).isEqualTo(Protocol.TCP);
    }

    @Test
    void defaultsAreTheRealOnesCodeDefaults() throws Exception {
        LdirectordConfig c = parse("virtual=10.0.0.1:8080\n\treal=10.0.0.2 masq\n");

        VirtualServiceConfig v = c.virtuals().getFirst();
        assertThat(c.checkIntervalSec()).isEqualTo(10);
        assertThat(c.autoreload()).isFalse();
        assertThat(c.logfile()).isEqualTo("/var/log/ldirectord.log");
        assertThat(c.supervised()).isFalse();
        assertThat(c.fork()).isFalse();
        assertThat(c.readdQuiescent()).isFalse();
        assertThat(v.quiescent()).as("the code default, not the manual's").isFalse();
        assertThat(v.cleanstop()).isTrue();
        assertThat(v.scheduler()).isEqualTo("wrr");
        assertThat(v.check().type()).isEqualTo(CheckType.NEGOTIATE);
        assertThat(v.check().service()).isEqualTo(ServiceType.NONE);
        assertThat(v.check().checkTimeoutSec()).isEqualTo(5);
        assertThat(v.check().negotiateTimeoutSec()).isEqualTo(30);
        assertThat(v.check().checkCount()).isEqualTo(1);
        assertThat(v.check().request()).isEqualTo("/");
        assertThat(v.check().receive()).isEmpty();
        assertThat(v.check().httpMethod()).isEqualTo("GET");
        assertThat(v.check().checkCommand()).isEqualTo("/bin/true");
        assertThat(v.emailAlert().enabled()).isFalse();
        assertThat(v.emailAlert().statusMask()).isEqualTo(DaemonStatus.ALL);
        assertThat(v.reals().getFirst().port()).as("no port in the real line").isZero();
        assertThat(v.fallback()).isNull();
        assertThat(v.serviceConfig().netmask()).isEqualTo(-1);
    }

    @Test
    void timeoutsFollowBothFallbackChains() throws Exception {
        LdirectordConfig c = parse("""
                negotiatetimeout=20
                virtual=10.0.0.1:80
                \treal=10.0.0.2:80 gate
                virtual=10.0.0.1:81
                \tchecktimeout=4
                \treal=10.0.0.2:81 gate
                virtual=10.0.0.1:82
                \tnegotiatetimeout=7
                \treal=10.0.0.2:82 gate
                """);

        assertThat(c.virtuals()).extracting(v -> v.check().checkTimeoutSec() + "/" + v.check().negotiateTimeoutSec())
                .containsExactly("20/20", "4/4", "7/7");
    }

    @Test
    void everyGlobalDirectiveIsRead() throws Exception {
        Path maint = Files.createDirectory(dir.resolve("maint"));
        LdirectordConfig c = parse("""
                # comment
                checktimeout = 2
                negotiatetimeout=9
                checkinterval=3
                failurecount=4
                autoreload=yes
                callback="/usr/local/bin/sync-config"
                fallback=127.0.0.2 masq
                fallbackcommand=/usr/local/bin/sorry
                logfile="local0"
                emailalert="ops@example.org, dev@example.org"
                emailalertfrom=ldirectord@example.org
                emailalertfreq=600
                emailalertstatus=starting, running
                smtp=127.0.0.1
                execute=other.cf
                supervised=yes
                fork=yes
                quiescent=yes
                readdquiescent=yes
                cleanstop=no
                maintenancedir=%s

                virtual=10.0.0.1:80
                \treal=10.0.0.2:80 gate
                virtual=10.0.0.1:53
                \treal=10.0.0.2:53 gate
                """.formatted(maint));

        assertThat(c.checkIntervalSec()).isEqualTo(3);
        assertThat(c.autoreload()).isTrue();
        assertThat(c.callback()).isEqualTo("/usr/local/bin/sync-config");
        assertThat(c.logfile()).isEqualTo("local0");
        assertThat(c.emailAlertFrom()).isEqualTo("ldirectord@example.org");
        assertThat(c.execute()).containsExactly("other.cf");
        assertThat(c.supervised()).isTrue();
        assertThat(c.fork()).isTrue();
        assertThat(c.readdQuiescent()).isTrue();
        assertThat(c.maintenanceDir()).isEqualTo(maint);
        VirtualServiceConfig web = c.virtuals().get(0);
        VirtualServiceConfig dns = c.virtuals().get(1);
        assertThat(web.check().checkTimeoutSec()).isEqualTo(2);
        assertThat(web.check().negotiateTimeoutSec()).isEqualTo(9);
        assertThat(web.check().failureCount()).isEqualTo(4);
        assertThat(web.quiescent()).isTrue();
        assertThat(web.cleanstop()).isFalse();
        assertThat(web.fallbackCommand()).isEqualTo("/usr/local/bin/sorry");
        assertThat(web.emailAlert()).isEqualTo(new EmailAlertConfig("ops@example.org, dev@example.org", 600,
                DaemonStatus.STARTING.bit() | DaemonStatus.RUNNING.bit(), "127.0.0.1"));
        assertThat(web.fallback()).as("a global fallback without port takes the virtual's port")
                .isEqualTo(new FallbackConfig(IpAddress.parseNumeric("127.0.0.2"), 80, Forward.MASQ));
        assertThat(dns.protocol()).as("port 53 defaults to udp").isEqualTo(VirtualProtocol.UDP);
        assertThat(dns.check().service()).isEqualTo(ServiceType.DNS);
        assertThat(dns.fallback().port()).isEqualTo(53);
    }

    @Test
    void everyVirtualDirectiveIsRead() throws Exception {
        Path monitor = dir.resolve("monitor.log");
        LdirectordConfig c = parse("""
                virtual=10.0.0.1:http
                    real=10.0.0.2:80 masq 5 "/a.html", "A+" l:10 u:20
                    real=10.0.0.3 ipip
                    service=ftp
                    checktype=connect
                    checkcommand="/bin/check me"
                    checktimeout=6
                    negotiatetimeout=8
                    checkcount=2
                    failurecount=3
                    checkinterval=4
                    checkport=8080
                    request="/ping"
                    receive="pong"
                    httpmethod=head
                    virtualhost="www.example.org"
                    passwd="secret"
                    database="db"
                    secret="radius"
                    load="load"
                    scheduler=sh
                    persistent=300
                    netmask=255.255.255.0
                    schedflags=sh-fallback,sh-port
                    protocol=tcp
                    ops=no
                    fallback=127.0.0.1:8081 masq
                    fallbackcommand="/bin/sorry on"
                    quiescent=yes
                    emailalert=root@localhost
                    emailalertfreq=60
                    emailalertstatus=none
                    monitorfile="%s"
                    cleanstop=no
                    smtp=mail.example.org
                    servicename=Web Site
                    comment=Test load balanced web site
                """.formatted(monitor));

        VirtualServiceConfig v = c.virtuals().getFirst();
        assertThat(v.port()).as("service names resolve through the services file").isEqualTo(80);
        HealthCheckConfig k = v.check();
        assertThat(k.service()).isEqualTo(ServiceType.FTP);
        assertThat(k.login()).as("ftp's default login").isEqualTo("anonymous");
        assertThat(k.passwd()).isEqualTo("secret");
        assertThat(k.type()).isEqualTo(CheckType.CONNECT);
        assertThat(k.checkCommand()).isEqualTo("/bin/check me");
        assertThat(k.checkTimeoutSec()).isEqualTo(6);
        assertThat(k.negotiateTimeoutSec()).isEqualTo(8);
        assertThat(k.checkCount()).isEqualTo(2);
        assertThat(k.failureCount()).isEqualTo(3);
        assertThat(v.checkIntervalSec()).isEqualTo(4);
        assertThat(k.checkPort()).isEqualTo(8080);
        assertThat(k.request()).isEqualTo("/ping");
        assertThat(k.receive()).isEqualTo("pong");
        assertThat(k.httpMethod()).isEqualTo("HEAD");
        assertThat(k.virtualHost()).isEqualTo("www.example.org");
        assertThat(k.database()).isEqualTo("db");
        assertThat(k.secret()).isEqualTo("radius");
        assertThat(v.scheduler()).isEqualTo("sh");
        assertThat(v.persistentSec()).isEqualTo(300);
        assertThat(v.serviceConfig().flags()).isEqualTo(
                ServiceFlags.PERSISTENT | ServiceFlags.SCHED_FALLBACK | ServiceFlags.SCHED_PORT);
        assertThat(v.serviceConfig().netmaskPrefix()).isEqualTo(24);
        assertThat(v.fallback()).isEqualTo(new FallbackConfig(IpAddress.parseNumeric("127.0.0.1"), 8081, Forward.MASQ));
        assertThat(v.fallbackCommand()).isEqualTo("/bin/sorry on");
        assertThat(v.quiescent()).isTrue();
        assertThat(v.cleanstop()).isFalse();
        assertThat(v.emailAlert()).isEqualTo(new EmailAlertConfig("root@localhost", 60, 0, "mail.example.org"));
        assertThat(v.monitorFile()).isEqualTo(monitor);
        assertThat(v.serviceName()).isEqualTo("Web Site");
        assertThat(v.comment()).isEqualTo("Test load balanced web site");
        RealServerConfig first = v.reals().get(0);
        assertThat(first).isEqualTo(new RealServerConfig(IpAddress.parseNumeric("10.0.0.2"), 80, Forward.MASQ, 5,
                "/a.html", "A+", 10, 20, 2));
        assertThat(first.forward().method()).isEqualTo(ForwardingMethod.MASQ);
        assertThat(v.reals().get(1).forward()).isEqualTo(Forward.IPIP);
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).endsWith(":9: checkcount option is deprecated and "
                + "slated for removal.  please see 'failurecount'"));
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("checkinterval in virtual service tcp:10.0.0.1:80 "
                + "ignored when fork=no"));
    }

    @Test
    void rangesExpandToEveryAddressInclusive() throws Exception {
        LdirectordConfig c = parse("virtual=10.0.0.1:80\n    real=10.0.0.254->10.0.1.1:80 gate 2\n");

        assertThat(c.virtuals().getFirst().reals()).extracting(RealServerConfig::text)
                .containsExactly("10.0.0.254:80", "10.0.0.255:80", "10.0.1.0:80", "10.0.1.1:80");
    }

    @Test
    void ipv6VirtualsRealsAndFwmarksParse() throws Exception {
        LdirectordConfig c = parse("""
                virtual6=[2001:db8::100]:80
                \treal6=[2001:db8::2]:80 gate
                \tfallback6=[::1]:80
                virtual=100
                \treal=10.0.0.2 gate
                virtual6=101
                \treal6=[2001:db8::3] gate
                """);

        VirtualServiceConfig v6 = c.virtuals().get(0);
        assertThat(v6.family()).isEqualTo(AddressFamily.INET6);
        assertThat(v6.text()).isEqualTo("[2001:db8::100]:80");
        assertThat(v6.reals().getFirst().text()).isEqualTo("[2001:db8::2]:80");
        assertThat(v6.fallback().text()).isEqualTo("[::1]:80");
        VirtualServiceConfig mark = c.virtuals().get(1);
        assertThat(mark.isFwmark()).isTrue();
        assertThat(mark.id()).isEqualTo("fwm:100");
        assertThat(mark.text()).isEqualTo("100");
        assertThat(mark.check().service()).isEqualTo(ServiceType.NONE);
        assertThat(mark.serviceKey().fwmark()).isEqualTo(100);
        assertThat(c.virtuals().get(2).id()).isEqualTo("fwm6:101");
    }

    @Test
    void combinedChecktypeKeepsItsNumber() throws Exception {
        VirtualServiceConfig v = parse("virtual=10.0.0.1:80\n\tchecktype=5\n").virtuals().getFirst();

        assertThat(v.check().type()).isEqualTo(CheckType.COMBINED);
        assertThat(v.check().numConnects()).isEqualTo(5);
    }

    @Test
    void blankLineEndsTheBlockSoTheNextIndentedLineIsUnknown() {
        assertThatThrownBy(() -> parse("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate\n\n\tscheduler=rr\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":4: Unknown command \tscheduler=rr");
    }

    @Test
    void commentsInsideBlocksAreStripped() throws Exception {
        VirtualServiceConfig v = parse("virtual=10.0.0.1:80\n  # indented comment\n\tscheduler=rr # round robin\n")
                .virtuals().getFirst();

        assertThat(v.scheduler()).isEqualTo("rr");
    }

    @Test
    void duplicateVirtualIsRefused() {
        assertThatThrownBy(() -> parse("virtual=10.0.0.1:80\nvirtual=10.0.0.1:80\n"))
                .hasMessage(file + ":2: duplicate virtual server");
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("timeout=5\n", 1, "timeout directive deprecated in favour of checktimeout and negotiatetimeout"),
                Arguments.of("connecttimeout=5\n", 1, "connecttimeout directive deprecated in favour of negotiatetimeout"),
                Arguments.of("virtual=10.0.0.1:80\n\tconnecttimeout=5\n", 2,
                        "connecttimeout directive deprecated in favour of negotiatetimeout"),
                Arguments.of("frobnicate=yes\n", 1, "Unknown command frobnicate=yes"),
                Arguments.of("\n  checktimeout=3\n", 2, "Unknown command   checktimeout=3"),
                Arguments.of("virtual=10.0.0.1:80\n\tfrobnicate=1\n", 2, "Unknown command \"\tfrobnicate=1\""),
                Arguments.of("virtual=10.0.0.1:80\n\temailalertfrom=a@b\n", 2, "Unknown command \"\temailalertfrom=a@b\""),
                Arguments.of("virtual=10.0.0.1:80\n\trequest=/index.html\n", 2, "Unknown command \"\trequest=/index.html\""),
                Arguments.of("callback=/bin/cb\n", 1, "Unknown command callback=/bin/cb"),
                Arguments.of("checktimeout=0\n", 1, "invalid check timeout value"),
                Arguments.of("negotiatetimeout=x\n", 1, "invalid negotiate timeout value"),
                Arguments.of("checkinterval=\n", 1, "invalid check interval value"),
                Arguments.of("checkcount=0\n", 1, "invalid check count value"),
                Arguments.of("failurecount=none\n", 1, "invalid failure count value"),
                Arguments.of("autoreload=on\n", 1, "autoreload must be 'yes' or 'no'"),
                Arguments.of("quiescent=yes \n", 1, "quiescent must be 'yes' or 'no'"),
                Arguments.of("readdquiescent=1\n", 1, "readdquiescent must be 'yes' or 'no'"),
                Arguments.of("fork=true\n", 1, "fork must be 'yes' or 'no'"),
                Arguments.of("cleanstop=maybe\n", 1, "cleanstop must be 'yes' or 'no'"),
                Arguments.of("supervised=on\n", 1, "supervised must be 'yes' or 'no'"),
                Arguments.of("fallbackcommand=\n", 1, "invalid fallback command"),
                Arguments.of("emailalert=\"\"\n", 1, "no email address specified"),
                Arguments.of("emailalertfreq=often\n", 1, "invalid email alert frequency"),
                Arguments.of("emailalertstatus=sometimes\n", 1, "invalid email alert status at: \"sometimes\""),
                Arguments.of("emailalertstatus=none,running\n", 1,
                        "invalid email alert status: \"running\" specified with \"none\""),
                Arguments.of("emailalertfrom=\n", 1, "no email from address specified"),
                Arguments.of("smtp=@\n", 1, "invalid SMTP server address"),
                Arguments.of("maintenancedir=\n", 1, "maintenance directory not specified"),
                Arguments.of("logfile=\"/nonexistent-dir/x.log\"\n", 0, null),
                Arguments.of("fallback=10.0.0.1:80 route\n", 1, "forward method must be gate, masq or ipip"),
                Arguments.of("fallback=no.such.host.invalid:80\n", 1,
                        "invalid IPv4 address or could not resolve for fallback server: no.such.host.invalid"),
                Arguments.of("virtual=300\n\tprotocol=tcp\n", 2,
                        "protocol must be fwm if the virtual service is a fwmark (a number)"),
                Arguments.of("virtual=10.0.0.1:80\n\tprotocol=sctp\n", 2,
                        "protocol must be tcp or udp if the virtual service is an address and port"),
                Arguments.of("virtual=[2001:db8::1]:80\n", 1,
                        "cannot specify an IPv6 address here. please use \"virtual6\" instead."),
                Arguments.of("virtual=@\n", 1, "invalid address for virtual server"),
                Arguments.of("virtual=10.0.0.1:nosuchservice\n", 1, "invalid address for virtual service"),
                Arguments.of("virtual=10.0.0.1:80\n\treal6=[2001:db8::2]:80 gate\n", 2,
                        "cannot specify \"real6\" here.  please use \"real\" instead"),
                Arguments.of("virtual6=[2001:db8::1]:80\n\treal=10.0.0.2:80 gate\n", 2,
                        "cannot specify \"real\" here.  please use \"real6\" instead"),
                Arguments.of("virtual=10.0.0.1:80\n\treal=10.0.0.2:80\n", 2, "invalid address for real server (wrong format)"),
                Arguments.of("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 route\n", 2, "forward method must be gate, masq or ipip"),
                Arguments.of("virtual=10.0.0.1:80\n\treal=10.0.0.2:80 gate 1 extra\n", 2,
                        "Invalid real server line, around \" extra\""),
                Arguments.of("virtual=10.0.0.1:80\n\treal=10.0.0.9->10.0.0.2:80 gate\n", 2,
                        "Invalid Range: 10.0.0.9-10.0.0.2: First value must be greater than or equal to the second value"),
                Arguments.of("virtual6=[2001:db8::1]:80\n\treal6=[2001:db8::2]->[2001:db8::3]:80 gate\n", 2,
                        "Address range for IPv6 is not supported yet"),
                Arguments.of("virtual=10.0.0.1:80\n\treal=10.0.0.2:99999 gate\n", 2,
                        "invalid port (99999) for real server (could not resolve port)"),
                Arguments.of("virtual=10.0.0.1:80\n\trequest=\"\"\n", 2, "no request string specified"),
                Arguments.of("virtual=10.0.0.1:80\n\treceive=\"\"\n", 2, "invalid receive string"),
                Arguments.of("virtual=10.0.0.1:80\n\treceive=\"(unclosed\"\n", 2, null),
                Arguments.of("virtual=10.0.0.1:80\n\tchecktype=sometimes\n", 2,
                        "checktype must be \"connect\", \"negotiate\", \"on\", \"off\", \"ping\", \"external\", "
                                + "\"external-perl\" or a positive number"),
                Arguments.of("virtual=10.0.0.1:80\n\tchecktimeout=0\n", 2, "invalid check timeout"),
                Arguments.of("virtual=10.0.0.1:80\n\tnegotiatetimeout=0\n", 2, "invalid negotiate timeout"),
                Arguments.of("virtual=10.0.0.1:80\n\tcheckcount=0\n", 2, "invalid check count"),
                Arguments.of("virtual=10.0.0.1:80\n\tfailurecount=0\n", 2, "invalid failure count"),
                Arguments.of("virtual=10.0.0.1:80\n\tcheckinterval=0\n", 2, "invalid checkinterval"),
                Arguments.of("virtual=10.0.0.1:80\n\tcheckport=http\n", 2, "invalid port"),
                Arguments.of("virtual=10.0.0.1:80\n\tcheckport=70000\n", 2, "checkport must be in range 1..65536"),
                Arguments.of("virtual=10.0.0.1:80\n\tlogin=\"\"\n", 2, "invalid login string"),
                Arguments.of("virtual=10.0.0.1:80\n\tpasswd=\"\"\n", 2, "invalid password"),
                Arguments.of("virtual=10.0.0.1:80\n\tdatabase=\"\"\n", 2, "invalid database"),
                Arguments.of("virtual=10.0.0.1:80\n\tsecret=\"\"\n", 2, "invalid secret"),
                Arguments.of("virtual=10.0.0.1:80\n\tload=\"--\"\n", 2, "invalid string for load testing"),
                Arguments.of("virtual=10.0.0.1:80\n\tscheduler=RR\n", 2,
                        "invalid scheduler, should be only lowercase letters (a-z)"),
                Arguments.of("virtual=10.0.0.1:80\n\tpersistent=forever\n", 2, "invalid persistent timeout"),
                Arguments.of("virtual=10.0.0.1:80\n\tschedflags=\n", 2, "invalid sched-flags"),
                Arguments.of("virtual=10.0.0.1:80\n\tnetmask=24\n", 2, "invalid netmask: dotted quad notation is required"),
                Arguments.of("virtual6=[2001:db8::1]:80\n\tnetmask=255.0.0.0\n", 2,
                        "invalid netmask: a prefix length between 1 and 128 is required"),
                Arguments.of("virtual=10.0.0.1:80\n\tops=on\n", 2, "ops must be 'yes' or 'no'"),
                Arguments.of("virtual=10.0.0.1:80\n\tservice=socks5\n", 2, "service must be dns, ftp, http, https, "
                        + "http_proxy, imap, imaps, ldap, ldaps, mysql, nntp, none, oracle, pop, pops, radius, pgsql, "
                        + "simpletcp, sip, smtp or submission"),
                Arguments.of("virtual=10.0.0.1:80\n\thttpmethod=POST\n", 2, "httpmethod must be GET or HEAD"),
                Arguments.of("virtual=10.0.0.1:80\n\tfallback6=[::1]:80\n", 2,
                        "cannot specify \"fallback6\" here.  please use \"fallback\" instead"),
                Arguments.of("virtual=10.0.0.1:80\n\tquiescent=no \n", 2, "quiescent must be 'yes' or 'no'"),
                Arguments.of("virtual=10.0.0.1:80\n\tcheckcommand=\"\"\n", 2, "invalid check command"),
                Arguments.of("virtual=10.0.0.1:80\n\tmonitorfile=/nonexistent-dir/m.log\n", 2,
                        "unable to open monitorfile /nonexistent-dir/m.log: Permission denied or no such directory"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void errorsNameFileLineAndTheRealMessage(String text, int line, String message) {
        ConfigParser daemonParser = new ConfigParser(SystemNameResolver.standard(), "director1", false);
        assertThatThrownBy(() -> daemonParser.parse(file, text))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    if (message != null) {
                        assertThat(e.line()).isEqualTo(line);
                        assertThat(e.reason()).isEqualTo(message);
                        assertThat(e.getMessage()).isEqualTo(file + ":" + line + ": " + message);
                    }
                });
    }

    @Test
    void sampleConfigurationShippedWithLdirectordParses() throws Exception {
        LdirectordConfig c = parse("""
                checktimeout=3
                checkinterval=1
                #fallback=127.0.0.1:80
                autoreload=yes
                #logfile="/var/log/ldirectord.log"
                quiescent=no
                virtual=192.168.6.240:80
                \tservicename=Web Site
                \tcomment=Test load balanced web site
                \treal=192.168.6.2:80 gate
                \treal=192.168.6.3:80 gate
                \treal=192.168.6.6:80 gate
                \tfallback=127.0.0.1:80 gate
                \tservice=http
                \tscheduler=rr
                \t#persistent=600
                \t#netmask=255.255.255.255
                \tprotocol=tcp
                \tchecktype=negotiate
                \tcheckport=80
                \trequest="index.html"
                \treceive="Test Page"
                \tvirtualhost=www.x.y.z
                """);

        VirtualServiceConfig v = c.virtuals().getFirst();
        assertThat(v.serviceName()).isEqualTo("Web Site");
        assertThat(v.check().virtualHost()).isEqualTo("www.x.y.z");
        assertThat(v.reals()).hasSize(3);
    }
}
