package org.jvs.ldirectord.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.jvs.ldirectord.config.ConfigParser;
import org.jvs.ldirectord.config.SystemNameResolver;
import org.jvs.ldirectord.config.VirtualServiceConfig;

class CheckTargetTest {
    static VirtualServiceConfig virtual(String text) throws Exception {
        return new ConfigParser(SystemNameResolver.standard(), "director1", true).parse(Path.of("t.cf"), text)
                .virtuals().getFirst();
    }

    @Test
    void urlCheckPortAndPairFollowLdSetup() throws Exception {
        VirtualServiceConfig v = virtual("""
                virtual=10.1.0.1:443
                \treal=10.1.0.2 gate
                \treal=10.1.0.3:8443 masq 1 "https://www.example.org/status", "up"
                \trequest="index.html"
                \treceive="Welcome"
                \tcheckport=8443
                """);

        CheckTarget first = CheckTarget.of(v, v.reals().get(0));
        CheckTarget second = CheckTarget.of(v, v.reals().get(1));

        assertThat(first.checkPort()).isEqualTo(8443);
        assertThat(first.url()).isEqualTo("https://10.1.0.2:8443/index.html");
        assertThat(first.receive()).isEqualTo("Welcome");
        assertThat(second.url()).as("a request naming the schema is used verbatim").isEqualTo("https://www.example.org/status");
        assertThat(second.request()).isEqualTo("/https://www.example.org/status");
        assertThat(second.receive()).isEqualTo("up");
    }

    @Test
    void realWithoutPortIsCheckedOnTheServicesPort() throws Exception {
        VirtualServiceConfig v = virtual("virtual=7\n\treal=10.1.0.2 gate\n\tservice=smtp\n");

        CheckTarget t = CheckTarget.of(v, v.reals().getFirst());

        assertThat(t.checkPort()).isEqualTo(25);
        assertThat(t.virtualHost()).isEqualTo("7");
        assertThat(t.virtualPort()).isZero();
    }
}
