package org.jvs.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RealServerCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return RealServerCommand.main(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpGoesToStandardOutput() {
        assertThat(run("tun", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(RealServerCommand.USAGE);
        assertThat(err.size()).isZero();
    }

    @Test
    void aUsageErrorExitsWith2AndChangesNothing() {
        assertThat(run("tun", "--vip", "10.0.0.1", "--gue-port", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("""
                jvs realserver: --gue-port must be 1..65535, not 'x'
                Try 'jvs realserver --help'.
                """);
        assertThat(out.size()).isZero();
    }
}
