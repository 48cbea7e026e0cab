package org.jvs.ldirectord.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.jvs.ldirectord.testing.Targets;

/**
 * Ping needs root and a network the test controls: a namespace where echo replies can be switched
 * off, proving the check sends ICMP (a TCP echo fallback would still see the refused port 7).
 */
@Tag("netns")
class PingCheckTest {

    /** Runs one ping check of 127.0.0.1 in this JVM's namespace; exit 0 when up. */
    public static void main(String[] args) throws Exception {
        CheckResult r = new HealthChecker(Targets.of(80, "checktype=ping"), Checks.forThisProcess()).check().orElseThrow();
        System.exit(r.up() ? 0 : 1);
    }

    static int sh(String... cmd) throws Exception {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    @Test
    void pingIsRealIcmpInsideANamespace() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false),
                "needs root to create a network namespace and send ICMP");
        String ns = "ldping" + ProcessHandle.current().pid();
        assumeTrue(sh("ip", "netns", "add", ns) == 0, "ip netns is not available");
        try {
            sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
            String java = ProcessHandle.current().info().command().orElseThrow();
            List<String> run = List.of("ip", "netns", "exec", ns, java, "-cp", System.getProperty("java.class.path"),
                    PingCheckTest.class.getName());
            sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=0");
            assertThat(new ProcessBuilder(run).inheritIO().start().waitFor()).as("echo answered").isZero();
            sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.icmp_echo_ignore_all=1");
            Process p = new ProcessBuilder(run).inheritIO().start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("echo ignored").isEqualTo(1);
        } finally {
            sh("ip", "netns", "del", ns);
        }
    }
}
