package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoptScannerTest {

    /** Every token as "option=arg" (or the error text), then the leftovers as "+word". */
    private static List<String> scan(boolean posix, String... argv) {
        PoptScanner s = new PoptScanner(argv, posix);
        List<String> seen = new ArrayList<>();
        while (true) {
            PoptScanner.Token t = s.next();
            if (t instanceof PoptScanner.Hit h) {
                seen.add(h.option() + (h.arg() == null ? "" : "=" + h.arg()));
            } else {
                if (t instanceof PoptScanner.Error e) {
                    seen.add("error:" + e.message() + "@" + s.badOption());
                }
                break;
            }
        }
        for (String left; (left = s.nextLeftover()) != null; ) {
            seen.add("+" + left);
        }
        return seen;
    }

    private static List<String> scan(String... argv) {
        return scan(false, argv);
    }

    @Test
    void shortOptionsClusterLikeLnc() {
        assertThat(scan("-Lnc")).containsExactly("LIST", "NUMERIC", "CONNECTION");
    }

    @Test
    void shortOptionArgumentMayBeGluedSeparateOrAfterEquals() {
        assertThat(scan("-At10.0.0.1:80")).containsExactly("ADD_SERVICE", "TCP_SERVICE=10.0.0.1:80");
        assertThat(scan("-A", "-t", "10.0.0.1:80")).containsExactly("ADD_SERVICE", "TCP_SERVICE=10.0.0.1:80");
        assertThat(scan("-A", "-t=10.0.0.1:80")).containsExactly("ADD_SERVICE", "TCP_SERVICE=10.0.0.1:80");
    }

    @Test
    void longOptionArgumentMayFollowEqualsOrComeNext() {
        assertThat(scan("--add-service", "--tcp-service=10.0.0.1:80", "--scheduler", "rr"))
                .containsExactly("ADD_SERVICE", "TCP_SERVICE=10.0.0.1:80", "SCHEDULER=rr");
        assertThat(scan("--list")).containsExactly("LIST");
    }

    @Test
    void optionalPersistenceTimeoutIsTakenOnlyFromANonOptionWord() {
        assertThat(scan("-p")).containsExactly("PERSISTENT");
        assertThat(scan("-p", "300")).containsExactly("PERSISTENT=300");
        assertThat(scan("-p", "-M", "255.255.255.0")).containsExactly("PERSISTENT", "NETMASK=255.255.255.0");
        assertThat(scan("-p600")).containsExactly("PERSISTENT=600");
        assertThat(scan("--persistent=60")).containsExactly("PERSISTENT=60");
        assertThat(scan("--persistent", "60")).containsExactly("PERSISTENT=60");
        assertThat(scan("-p", "")).containsExactly("PERSISTENT=");
    }

    @Test
    void nonOptionsBecomeLeftoversAndDoubleDashEndsOptions() {
        assertThat(scan("--set", "900", "120", "300")).containsExactly("SET", "+900", "+120", "+300");
        assertThat(scan("-C", "--", "-n", "x")).containsExactly("CLEAR", "+-n", "+x");
        assertThat(scan("-C", "-")).containsExactly("CLEAR", "+-");
        assertThat(scan("-L", "foo", "-n")).containsExactly("LIST", "NUMERIC", "+foo");
    }

    @Test
    void posixlyCorrectEndsOptionsAtTheFirstNonOption() {
        assertThat(scan(true, "-L", "foo", "-n")).containsExactly("LIST", "+foo", "+-n");
    }

    @Test
    void errorsNameTheWordBeingParsed() {
        assertThat(scan("-A", "--nosuch")).containsExactly("ADD_SERVICE", "error:unknown option@--nosuch");
        assertThat(scan("-Aq")).containsExactly("ADD_SERVICE", "error:unknown option@-Aq");
        assertThat(scan("-A", "-t")).containsExactly("ADD_SERVICE", "error:missing argument@-t");
        assertThat(scan("-n=1")).containsExactly("error:option does not take an argument@-n=1");
        assertThat(scan("--numeric=")).containsExactly("error:option does not take an argument@--numeric=");
        assertThat(scan("--syncid")).containsExactly("error:missing argument@--syncid");
    }

    @Test
    void syncidHasNoShortLetter() {
        assertThat(scan("-I")).containsExactly("error:unknown option@-I");
    }
}
