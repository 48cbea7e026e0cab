package org.jvs.ldirectord.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ldirectord.config.Forward;
import org.jvs.ldirectord.config.NameResolver;
import org.jvs.ldirectord.config.RealServerConfig;

class MaintenanceTest {
    @TempDir
    Path dir;

    /** Names as a DNS server with one PTR record would give them. */
    static final NameResolver ONE_PTR = new NameResolver() {
        @Override
        public IpAddress host(String host, AddressFamily family) {
            return null;
        }

        @Override
        public Integer port(String service, String protocol) {
            return null;
        }

        @Override
        public String reverse(IpAddress address) {
            return address.toString().equals("10.1.0.2") ? "realserver2.example.com" : null;
        }
    };

    static RealServerConfig real(String ip, int port) {
        return new RealServerConfig(IpAddress.parseNumeric(ip), port, Forward.GATE, 1, null, null, 0, 0, 1);
    }

    @Test
    void filesNamedByAddressPortNameOrShortNameForceMaintenance() throws Exception {
        Maintenance m = new Maintenance(dir, ONE_PTR);
        assertThat(m.inMaintenance(real("10.1.0.2", 4444))).isFalse();

        Files.createFile(dir.resolve("realserver2:4444"));
        assertThat(m.inMaintenance(real("10.1.0.2", 4444))).isTrue();
        assertThat(m.inMaintenance(real("10.1.0.2", 80))).isFalse();

        Files.createFile(dir.resolve("10.1.0.3"));
        assertThat(m.inMaintenance(real("10.1.0.3", 80))).as("the address alone covers every port").isTrue();
    }

    @Test
    void noDirectoryMeansNoMaintenance() {
        assertThat(new Maintenance(null, ONE_PTR).inMaintenance(real("10.1.0.3", 80))).isFalse();
    }
}
