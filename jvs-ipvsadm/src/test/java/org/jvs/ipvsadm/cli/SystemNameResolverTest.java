package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.service.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system resolver on local data only: /etc/hosts names and a services file; no DNS. */
class SystemNameResolverTest {

    @Test
    void localhostResolvesBothWaysThroughEtcHosts() {
        SystemNameResolver r = new SystemNameResolver();
        assertThat(r.hostToIpv4("localhost")).isEqualTo(IpAddress.ofV4(0x7F000001));
        assertThat(r.addressToHost(IpAddress.ofV4(0x7F000001))).isEqualTo("localhost");
    }

    @Test
    void emptyNameIsUnknownRatherThanTheLoopback() {
        assertThat(new SystemNameResolver().hostToIpv4("")).isNull();
    }

    @Test
    void servicesComeFromTheGivenFileAndOnlyForTcpUdpSctp(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("services");
        Files.writeString(services, "jvs-test\t6789/tcp\talias-x\n");
        SystemNameResolver r = new SystemNameResolver(services);
        assertThat(r.serviceToPort("alias-x", Protocol.TCP)).isEqualTo(6789);
        assertThat(r.serviceToPort("jvs-test", Protocol.UDP)).isEqualTo(-1);
        assertThat(r.portToService(6789, Protocol.TCP)).isEqualTo("jvs-test");
        assertThat(r.portToService(6789, Protocol.IP)).isNull();
        assertThat(r.portToService(6789, null)).isNull();
    }
}
