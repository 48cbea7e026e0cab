package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcServicesTest {
    private static final EtcServices SERVICES = EtcServices.parse("""
            # Network services, Internet style
            tcpmux		1/tcp				# TCP port service multiplexer
            http		80/tcp		www		# WorldWideWeb HTTP
            web		80/tcp
            domain		53/tcp
            domain		53/udp
            sip		5060/udp
            broken		notaport/tcp
            nofields
            sctpthing	9999/sctp
            """);

    @Test
    void namesAndAliasesResolvePerProtocol() {
        assertThat(SERVICES.port("http", "tcp")).isEqualTo(80);
        assertThat(SERVICES.port("www", "tcp")).isEqualTo(80);
        assertThat(SERVICES.port("http", "udp")).isEqualTo(-1);
        assertThat(SERVICES.port("domain", "udp")).isEqualTo(53);
        assertThat(SERVICES.port("sctpthing", "sctp")).isEqualTo(9999);
        assertThat(SERVICES.port("broken", "tcp")).isEqualTo(-1);
        assertThat(SERVICES.port("WorldWideWeb", "tcp")).isEqualTo(-1);
    }

    @Test
    void portsResolveToTheFirstEntrysOfficialName() {
        assertThat(SERVICES.name(80, "tcp")).isEqualTo("http");
        assertThat(SERVICES.name(5060, "udp")).isEqualTo("sip");
        assertThat(SERVICES.name(5060, "tcp")).isNull();
    }

    @Test
    void missingFileIsAnEmptyDatabase(@TempDir Path dir) throws IOException {
        assertThat(EtcServices.load(dir.resolve("services")).port("http", "tcp")).isEqualTo(-1);
    }

    @Test
    void debiansServicesFileKnowsHttp() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(EtcServices.DEFAULT),
                "no /etc/services on this machine");
        EtcServices system = EtcServices.load(EtcServices.DEFAULT);
        assertThat(system.port("http", "tcp")).isEqualTo(80);
        assertThat(system.name(22, "tcp")).isEqualTo("ssh");
    }
}
