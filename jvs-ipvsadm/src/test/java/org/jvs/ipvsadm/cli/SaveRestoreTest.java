package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.ipvsadm.cli.Golden.lines;

import org.junit.jupiter.api.Test;

class SaveRestoreTest {
    private final IpvsadmRunner ipvsadm = new IpvsadmRunner();

    private void referenceTable() {
        ipvsadm.ok("-A -t 10.0.0.1:80 -s wrr -p -M 255.255.255.0");
        ipvsadm.ok("-a -t 10.0.0.1:80 -r 192.168.1.2:8080 -m -w 3 -x 100 -y 10");
        ipvsadm.ok("-A -u 10.0.0.1:53 -s sh -b sh-fallback,sh-port");
        ipvsadm.ok("-a -u 10.0.0.1:53 -r 192.168.1.4 -g");
        ipvsadm.ok("-A -f 7 -s rr -o");
        ipvsadm.ok("-a -f 7 -r 192.168.1.5 -i");
    }

    @Test
    void saveMatchesTheReferenceAndNeverSavesThresholds() {
        referenceTable();
        IpvsadmRunner.Result r = ipvsadm.run("-S -n");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(lines(
                "-A -t 10.0.0.1:80 -s wrr -p 360 -M 255.255.255.0|",
                "-a -t 10.0.0.1:80 -r 192.168.1.2:8080 -m -w 3|",
                "-A -u 10.0.0.1:53 -s sh -b sh-fallback,sh-port|",
                "-a -u 10.0.0.1:53 -r 192.168.1.4:53 -g -w 1|",
                "-A -f 7 -s rr -o|",
                "-a -f 7 -r 192.168.1.5:0 -i -w 1 --tun-type ipip|"));
    }

    @Test
    void saveWithoutNumericWritesNames() {
        ipvsadm.names.host("www.example.com", "10.0.0.1").host("web1.example.com", "192.168.1.2");
        ipvsadm.ok("-A -t www.example.com:http");
        ipvsadm.ok("-a -t www.example.com:www -r web1.example.com -m");
        ipvsadm.ok("-a -t 10.0.0.1:80 -r 192.168.1.3:8080 -m");
        assertThat(ipvsadm.run("-S").out()).isEqualTo(lines(
                "-A -t www.example.com:http -s wlc|",
                "-a -t www.example.com:http -r web1.example.com:http -m -w 1|",
                "-a -t www.example.com:http -r 192.168.1.3:8080 -m -w 1|"));
    }

    @Test
    void saveWritesEveryServiceAndTunnelOption() {
        ipvsadm.ok("-A -t [2001:db8::1]:443 -s mh -b mh-port -p 120 -M 64");
        ipvsadm.ok("-a -t [2001:db8::1]:443 -r [2001:db8::2]:443 -m");
        ipvsadm.ok("-A -f 9 -6 -s rr -p 30 --pe sip");
        ipvsadm.ok("-A -u 10.0.0.2:5060 -s rr -p 60 --pe sip -o -b flag-3");
        ipvsadm.ok("-a -u 10.0.0.2:5060 -r 10.1.1.1 -i --tun-type gue --tun-port 6080 --tun-csum");
        ipvsadm.ok("-a -u 10.0.0.2:5060 -r 10.1.1.2 -i --tun-type gre --tun-nocsum");
        ipvsadm.ok("-a -u 10.0.0.2:5060 -r 2001:db8::9 -i --tun-type gue --tun-port 6081 --tun-remcsum");
        assertThat(ipvsadm.run("-S -n").out()).isEqualTo(lines(
                "-A -u 10.0.0.2:5060 -s rr -p 60 --pe sip -o -b flag-3|",
                "-a -u 10.0.0.2:5060 -r 10.1.1.1:5060 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum|",
                "-a -u 10.0.0.2:5060 -r 10.1.1.2:5060 -i -w 1 --tun-type gre --tun-nocsum|",
                "-a -u 10.0.0.2:5060 -r [2001:db8::9]:5060 -i -w 1 --tun-type gue --tun-port 6081 --tun-remcsum|",
                "-A -t [2001:db8::1]:443 -s mh -p 120 -M 64 -b mh-port|",
                "-a -t [2001:db8::1]:443 -r [2001:db8::2]:443 -m -w 1|",
                "-A -f 9 -6 -s rr -p 30 --pe sip|"));
    }

    @Test
    void saveThenRestoreRebuildsTheSameTable() {
        referenceTable();
        ipvsadm.ok("-A -t [2001:db8::1]:443 -s mh -b mh-port,mh-fallback -p 120 -M 64");
        ipvsadm.ok("-a -t [2001:db8::1]:443 -r [2001:db8::2]:443 -m -w 7");
        ipvsadm.ok("-a -f 7 -r 192.168.1.6 -i --tun-type gue --tun-port 6080 --tun-remcsum");
        String saved = ipvsadm.run("-S -n").out();
        String listed = ipvsadm.run("-Ln").out();

        IpvsadmRunner fresh = new IpvsadmRunner();
        IpvsadmRunner.Result r = fresh.run("-R", saved);
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(fresh.run("-S -n").out()).isEqualTo(saved);
        assertThat(fresh.run("-Ln").out()).isEqualTo(listed.replace("100        10", "0          0"));
    }

    @Test
    void restoreAcceptsIpvsadmPrefixesTabsCarriageReturnsAndBlankLines() {
        String input = "ipvsadm -A -t 10.0.0.1:80 -s rr\r\n"
                + "\n"
                + "   \t\n"
                + "ipvsadm\n"
                + "-a\t-t 10.0.0.1:80   -r 10.1.1.1 -m ipvsadm -w 2\n"
                + "-a -t 10.0.0.1:80 -r 10.1.1.2 -m";
        IpvsadmRunner.Result r = ipvsadm.run("-R", input);
        assertThat(r.status()).isZero();
        assertThat(ipvsadm.run("-S -n").out()).isEqualTo(lines(
                "-A -t 10.0.0.1:80 -s rr|",
                "-a -t 10.0.0.1:80 -r 10.1.1.1:80 -m -w 2|",
                "-a -t 10.0.0.1:80 -r 10.1.1.2:80 -m -w 1|"));
    }

    @Test
    void restoreDropsALastLineEndingInTwoBlanksWithoutNewline() {
        IpvsadmRunner.Result r = ipvsadm.run("-R", "-A -t 10.0.0.1:80\n-A -t 10.0.0.2:80 \t");
        assertThat(r.status()).isZero();
        assertThat(ipvsadm.run("-S -n").out()).isEqualTo("-A -t 10.0.0.1:80 -s wlc\n");
    }

    @Test
    void restoreStopsAtTheFirstCommandLineErrorWithStatus2() {
        IpvsadmRunner.Result r = ipvsadm.run("-R", "-A -t 10.0.0.1:80\n-A -t 10.0.0.2:80 -w 3\n-A -t 10.0.0.3:80\n");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("Illegal 'weight' option with the 'add-service' command\n");
        assertThat(ipvsadm.run("-S -n").out()).isEqualTo("-A -t 10.0.0.1:80 -s wlc\n");
    }

    @Test
    void restoreReportsRefusedChangesAndGoesOnWithTheLastLineDecidingTheStatus() {
        IpvsadmRunner.Result r = ipvsadm.run("-R", "-A -t 10.0.0.1:80\n-A -t 10.0.0.1:80\n-A -t 10.0.0.2:80\n");
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEqualTo("Service already exists\n");
        assertThat(ipvsadm.run("-S -n").out()).isEqualTo(lines("-A -t 10.0.0.1:80 -s wlc|", "-A -t 10.0.0.2:80 -s wlc|"));

        IpvsadmRunner.Result last = ipvsadm.run("-R", "-A -t 10.0.0.3:80\n-A -t 10.0.0.1:80\n");
        assertThat(last.status()).isEqualTo(255);
        assertThat(last.err()).isEqualTo("Service already exists\n");
    }

    @Test
    void restoreGoesOnAfterAMalformedOptionOnOneLine() {
        IpvsadmRunner.Result r = ipvsadm.run("-R", "-A --bogus\n-A -t 10.0.0.1:80\n");
        assertThat(r.err()).isEqualTo("--bogus: unknown option\n");
        assertThat(r.status()).isZero();
        assertThat(ipvsadm.run("-S -n").out()).isEqualTo("-A -t 10.0.0.1:80 -s wlc\n");
    }

    @Test
    void restoreInsideRestoreIsRefused() {
        IpvsadmRunner.Result r = ipvsadm.run("-R", "-A -t 10.0.0.1:80\n-R\n-A -t 10.0.0.2:80\n");
        assertThat(r.status()).isEqualTo(255);
        assertThat(r.err()).isEqualTo("Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n");
        assertThat(ipvsadm.run("-S -n").out()).isEqualTo("-A -t 10.0.0.1:80 -s wlc\n");
    }

    @Test
    void hashIsNotACommentInRestoreInputJustAsInIpvsadm() {
        IpvsadmRunner.Result r = ipvsadm.run("-R", "# saved by ipvsadm-save\n-A -t 10.0.0.1:80\n");
        assertThat(r.status()).isEqualTo(255);
        assertThat(r.err()).isEqualTo("Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n");
        assertThat(ipvsadm.director.calls()).isEmpty();
    }

    @Test
    void restoredListingCommandsPrint() {
        IpvsadmRunner.Result r = ipvsadm.run("-R", "-A -t 10.0.0.1:80\n-S -n\n");
        assertThat(r.out()).isEqualTo("-A -t 10.0.0.1:80 -s wlc\n");
    }

    @Test
    void restoreWithOptionsIsIllegal() {
        IpvsadmRunner.Result r = ipvsadm.run("-R -n", "-C\n");
        assertThat(r.err()).isEqualTo("Illegal 'numeric' option with the 'restore' command\n");
        assertThat(r.status()).isEqualTo(2);
    }
}
