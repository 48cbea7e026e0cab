package org.jvs.heartbeat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HaResourcesParserTest {
    private static final Path FILE = Path.of("/etc/ha.d/haresources");
    private static final List<String> NODES = List.of("server1.example.com", "server4.example.com", "server1",
            "server4");

    private static HaResources parse(String... lines) throws ConfigException {
        return new HaResourcesParser().parse(FILE, List.of(lines), NODES);
    }

    @Test
    void tutorialDirectorLineIsOneGroupKeyedByItsVip() throws ConfigException {
        HaResources r = parse("server1.example.com IPaddr::172.25.254.100/24/eth0 ldirectord httpd");
        ResourceGroup g = r.groups().get(0);
        assertThat(g.node()).isEqualTo("server1.example.com");
        assertThat(g.key()).isEqualTo("IPaddr::172.25.254.100/24/eth0");
        assertThat(g.resources()).extracting(ResourceSpec::script).containsExactly("IPaddr", "ldirectord", "httpd");
        assertThat(g.resources().get(0).args()).containsExactly("172.25.254.100/24/eth0");
        assertThat(g.resources().get(1).args()).isEmpty();
    }

    @Test
    void tutorialDatabaseLineSplitsArgumentsOnDoubleColons() throws ConfigException {
        HaResources r = parse("server1 IPaddr::172.25.254.100/24/eth0  drbddisk::demo "
                + "Filesystem::/dev/drbd1::/var/lib/mysql::ext4 mysqld");
        List<ResourceSpec> rs = r.groups().get(0).resources();
        assertThat(rs).extracting(ResourceSpec::script)
                .containsExactly("IPaddr", "drbddisk", "Filesystem", "mysqld");
        assertThat(rs.get(1).args()).containsExactly("demo");
        assertThat(rs.get(2).args()).containsExactly("/dev/drbd1", "/var/lib/mysql", "ext4");
    }

    @Test
    void bareAddressMeansIpaddrAndNodeNameIsLowerCased() throws ConfigException {
        HaResources r = parse("Server4.example.com 10.0.0.170 Filesystem::/dev/sda1::/data1::ext2");
        ResourceGroup g = r.groups().get(0);
        assertThat(g.node()).isEqualTo("server4.example.com");
        assertThat(g.key()).isEqualTo("10.0.0.170");
        assertThat(g.resources().get(0).script()).isEqualTo("IPaddr");
        assertThat(g.resources().get(0).args()).containsExactly("10.0.0.170");
    }

    @Test
    void continuationLinesAndCommentsAreHandled() throws ConfigException {
        HaResources r = parse("# comment", "", "server1 IPaddr::10.0.0.1 \\", "   httpd   # the web server",
                "server4 10.0.0.2");
        assertThat(r.groups()).hasSize(2);
        assertThat(r.groups().get(0).resources()).extracting(ResourceSpec::text)
                .containsExactly("IPaddr::10.0.0.1", "httpd");
        assertThat(r.groups().get(0).line()).isEqualTo(3);
        assertThat(r.groupsOf("server4")).extracting(ResourceGroup::key).containsExactly("10.0.0.2");
        assertThat(r.groupsNotOf("server4")).extracting(ResourceGroup::key).containsExactly("IPaddr::10.0.0.1");
        assertThat(r.group("10.0.0.2")).isPresent();
    }

    @Test
    void unknownNodeIsRefusedWithHeartbeatsMessage() {
        assertThatThrownBy(() -> parse("server1 10.0.0.1", "server7 10.0.0.2"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("/etc/ha.d/haresources:2: Bad nodename in /etc/ha.d/haresources [server7]");
    }

    @Test
    void duplicateGroupKeysAreRefused() {
        assertThatThrownBy(() -> parse("server1 10.0.0.1 httpd", "server4 10.0.0.1"))
                .hasMessageContaining(":2: resource group [10.0.0.1] is listed twice");
    }
}
