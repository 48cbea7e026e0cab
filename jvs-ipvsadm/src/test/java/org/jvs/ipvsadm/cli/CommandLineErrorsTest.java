package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command-line error of ipvsadm 1.31 with its exact message and exit status. */
class CommandLineErrorsTest {
    private static final String TRY = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n";

    static Stream<Arguments> errors() {
        return Stream.of(
                // popt: the first option must be a command, later ones must be known.
                err("foo", TRY, 255),
                err("-t 10.0.0.1:80 -A", TRY, 255),
                err("--bogus", TRY, 255),
                err("-q", TRY, 255),
                err("--start-daemon", TRY, 255),
                err("-A --bogus", "--bogus: unknown option\n", 255),
                err("-Aq", "-Aq: unknown option\n", 255),
                err("-A -t", "-t: missing argument\n", 255),
                err("-L -n=1", "-n=1: option does not take an argument\n", 255),
                err("-L --numeric=yes", "--numeric=yes: option does not take an argument\n", 255),
                // A second command word is an invalid option in ipvsadm 1.31, never "multiple commands".
                err("-L -A", "invalid option `-A'\n", 2),
                err("-LA", "invalid option `-LA'\n", 2),
                err("-L --start-daemon master", "invalid option `master'\n", 2),
                err("-L -h", "invalid option `-h'\n", 2),
                // set_option and the legality table.
                err("-A -t 10.0.0.1:80 -u 10.0.0.1:53", "multiple 'service-address' options specified\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 -m -g", "multiple 'forwarding-method' options specified\n", 2),
                err("-L -n -n", "multiple 'numeric' options specified\n", 2),
                err("-A -t 10.0.0.1:80 -r 10.1.1.1", "Illegal 'real-server' option with the 'add-service' command\n", 2),
                err("-C -n", "Illegal 'numeric' option with the 'flush' command\n", 2),
                err("-S -c", "Illegal 'connection' option with the 'save' command\n", 2),
                err("-D -t 10.0.0.1:80 -s rr", "Illegal 'scheduler' option with the 'delete-service' command\n", 2),
                err("-a -t 10.0.0.1:80", "You need to supply the 'real-server' option for the 'add-server' command\n", 2),
                err("-a -r 10.1.1.1", "You need to supply the 'service-address' option for the 'add-server' command\n", 2),
                err("-A -s rr", "You need to supply the 'service-address' option for the 'add-service' command\n", 2),
                err("-L -c -t 10.0.0.1:80",
                        "The option 'service-address' conflicts with the 'connection' option in the 'list' command\n", 2),
                err("-L --timeout --daemon",
                        "The option 'daemon' conflicts with the 'timeout' option in the 'list' command\n", 2),
                err("-L -c --stats", "options conflicts in the list command\n", 2),
                err("-L --timeout --rate", "options conflicts in the list command\n", 2),
                err("-L --daemon --persistent-conn", "options conflicts in the list command\n", 2),
                // Addresses and numbers.
                err("-A -t 10.0.0.1", "Zero port specified for non-persistent service\n", 2),
                err("-E -t 10.0.0.1:0", "Zero port specified for non-persistent service\n", 2),
                err("-A -t 10.0.0.1:80 -o", "One-Packet Scheduling is only for UDP virtual services\n", 2),
                err("-A -t 10.0.0.1:99999", "illegal virtual server address[:port] specified\n", 2),
                err("-A -t 80", "illegal virtual server address[:port] specified\n", 2),
                err("-A -t nosuchhost:80", "illegal virtual server address[:port] specified\n", 2),
                err("-A -t 10.0.0.1:nosuchservice", "illegal virtual server address[:port] specified\n", 2),
                err("-A -t [::1]", "illegal virtual server address[:port] specified\n", 2),
                err("-A -t [::1:80", "illegal virtual server address[:port] specified\n", 2),
                err("-a -t 10.0.0.1:80 -r [2001:db8::2]", "illegal real server address[:port] specified\n", 2),
                err("-a -t 10.0.0.1:80 -r nosuchhost", "illegal real server address[:port] specified\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 -w 65536", "illegal weight specified\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 -w -1", "illegal weight specified\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 -w 3x", "illegal weight specified\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 -x 2147483648", "illegal u_threshold specified\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 -y abc", "illegal l_threshold specified\n", 2),
                err("-A -t 10.0.0.1:80 -p 0", "invalid timeout value `0' specified\n", 2),
                err("-A -t 10.0.0.1:80 -p 2678401", "invalid timeout value `2678401' specified\n", 2),
                err("-A -f 0", "invalid fwmark value `0' specified\n", 2),
                err("-A -f 4294967296", "invalid fwmark value `4294967296' specified\n", 2),
                err("-A -f 1x", "invalid fwmark value `1x' specified\n", 2),
                err("-A -t 10.0.0.1:80 -p -M 300.0.0.0", "illegal virtual server persistent mask specified\n", 2),
                err("-A -t [2001:db8::1]:80 -p -M 129", "illegal ipv6 netmask specified\n", 2),
                err("-A -t [2001:db8::1]:80 -p -M 255.255.255.0", "illegal ipv6 netmask specified\n", 2),
                err("-A -6 -f 1", "-6 used before -f\n\n", 2),
                err("-A -t 10.0.0.1:80 -b sh-port", "incompatible scheduler flag `sh-port'\n", 2),
                err("-A -t 10.0.0.1:80 -s sh -b mh-port", "incompatible scheduler flag `mh-port'\n", 2),
                err("-A -t 10.0.0.1:80 -s sh -b sh-port,bogus", "invalid scheduler flag `bogus'\n", 2),
                // --set.
                err("--set 1 2", "--set option requires 3 timeout values\n", 2),
                err("--set 1 2 x", "invalid timeout value `x' specified\n", 2),
                err("--set 1 2 3 4", "unexpected argument 4\n", 2),
                err("-C extra", "unexpected argument extra\n", 2),
                err("-C -- -n", "unexpected argument -n\n", 2),
                // Sync daemon.
                err("--start-daemon foo", "illegal start-daemon parameter specified\n", 2),
                err("--stop-daemon foo", "illegal start_daemon specified\n", 2),
                err("--start-daemon master --syncid 256", "illegal syncid specified\n", 2),
                err("--start-daemon master --mcast-port 0", "illegal mcast-port specified\n", 2),
                err("--start-daemon master --mcast-ttl 256", "illegal mcast-ttl specified\n", 2),
                err("--start-daemon master --sync-maxlen 65508", "illegal sync-maxlen specified\n", 2),
                err("--start-daemon master --mcast-group 10.0.0.1", "invalid IPv4 mcast-group `10.0.0.1'\n", 2),
                err("--start-daemon master --mcast-group fe80::1", "invalid IPv6 mcast-group `fe80::1'\n", 2),
                err("--stop-daemon master --mcast-ttl 2", "Illegal 'mcast-ttl' option with the 'stop-daemon' command\n", 2),
                // Real servers and tunnels.
                err("-a -t 10.0.0.1:80 -r 2001:db8::2 -m",
                        "Different address family is allowed only for tunneling servers\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 --tun-type gue", "Tunnel options conflict with forward method\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 -m --tun-nocsum", "Tunnel options conflict with forward method\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 -i --tun-type gue",
                        "You need to supply the 'tun-port' option for the 'gue' tunnel type\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 -i --tun-port 6080",
                        "Illegal 'tun-port' option with the 'ipip' tunnel type\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 -i --tun-type gre --tun-remcsum",
                        "Illegal 'tun-remcsum' option with the 'gre' tunnel type\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 -i --tun-type gue --tun-port 6080 --tun-csum --tun-remcsum",
                        "The option 'tun-remcsum' conflicts with the 'tun-csum' option in the 'gue' tunnel type\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 -i --tun-type vxlan", "illegal tunnel type specified\n", 2),
                err("-a -t 10.0.0.1:80 -r 10.1.1.1 -i --tun-type gue --tun-port 0", "illegal tunnel port specified\n", 2));
    }

    @ParameterizedTest(name = "ipvsadm {0}")
    @MethodSource("errors")
    void commandLineErrorPrintsIpvsadmsMessageAndStatusWithoutTouchingTheDirector(String line, String message, int status) {
        IpvsadmRunner ipvsadm = new IpvsadmRunner();
        IpvsadmRunner.Result r = ipvsadm.run(line);
        assertThat(r.err()).isEqualTo(message);
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.out()).isEmpty();
        assertThat(ipvsadm.connects).as("director contacted").isZero();
    }

    @Test
    void helpGoesToStdoutWithStatusZeroAndNeedsNoDirector() {
        IpvsadmRunner ipvsadm = new IpvsadmRunner().withControl(() -> {
            throw new AssertionError("no director needed for -h");
        });
        IpvsadmRunner.Result r = ipvsadm.run("-h");
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\nUsage:\n"
                        + "  ipvsadm -A|E virtual-service [-s scheduler] [-p [timeout]] [-M netmask] [--pe persistence_engine] [-b sched-flags]\n")
                .contains("  --scheduler    -s scheduler         one of rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh,\n"
                        + "                                      the default scheduler is wlc.\n")
                .endsWith("  --mcast-ttl ttl                     Multicast TTL (default=1)\n");
        assertThat(ipvsadm.run("--help").out()).isEqualTo(r.out());
        assertThat(r.out().lines().count()).isEqualTo(82);
    }

    @Test
    void versionLineNeedsNoDirector() {
        IpvsadmRunner ipvsadm = new IpvsadmRunner().withControl(() -> {
            throw new AssertionError("no director needed for -v");
        });
        IpvsadmRunner.Result r = ipvsadm.run("-v");
        assertThat(r.out()).isEqualTo("ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n");
        assertThat(r.status()).isZero();
        assertThat(ipvsadm.run("--version").out()).isEqualTo(r.out());
    }

    @Test
    void helpUsesTheNameIpvsadmWasInvokedAs() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int status = new Ipvsadm("/sbin/ipvsadm", java.io.InputStream.nullInputStream(), new java.io.PrintStream(out),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), () -> null, new FakeNameResolver(), false)
                .run(new String[] {"-h"});
        assertThat(status).isZero();
        assertThat(out.toString()).contains("  /sbin/ipvsadm --stop-daemon {master|backup}\n");
    }

    private static Arguments err(String line, String message, int status) {
        return Arguments.of(line, message, status);
    }
}
