package org.jvs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jvs.lab.NetLab;
import org.jvs.lab.Shell;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's main command, {@code jvs demo --method nat|dr|tun}: the tutorial's cluster is built,
 * real requests are answered by both real servers through the director, the statistics are shown,
 * and every namespace is gone afterwards.
 */
@Tag("netns")
class DemoIT {
    @ParameterizedTest
    @CsvSource({"nat, 172.25.254.2, 172.25.254.3, Masq", "dr, 172.25.254.2, 172.25.254.3, Route",
        "tun, 192.168.122.22, 192.168.122.33, Tunnel"})
    void demoForwardsRealTrafficToBothServersAndCleansUp(String method, String rs1, String rs2, String forward)
            throws Exception {
        assumeTrue(NetLab.available(), "skipped: jvs demo builds network namespaces and needs root");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int rc;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            rc = Main.run(new String[] {"demo", "--method", method, "--seconds", "3"});
        } finally {
            System.setOut(saved);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(out);

        assertThat(rc).isZero();
        assertThat(out).contains("-> " + rs1 + ":80", "-> " + rs2 + ":80", forward);
        String answers = out.lines().filter(l -> l.startsWith("# answers so far: ")).reduce((a, b) -> b).orElseThrow();
        assertThat(answers).contains(rs1 + "=", rs2 + "=").doesNotContain("failed");
        assertThat(out).endsWith("# removed every namespace and process the demo created\n");
        assertThat(Shell.run(java.util.List.of("ip", "netns", "list"))).doesNotContain("jvsdemo");
    }
}
