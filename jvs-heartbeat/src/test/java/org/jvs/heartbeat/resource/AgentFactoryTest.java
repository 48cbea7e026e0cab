package org.jvs.heartbeat.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jvs.heartbeat.config.ResourceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in resources win over scripts of the same name (Debian's package installs both). */
class AgentFactoryTest {
    @TempDir
    Path dir;

    @Test
    void builtInsTakePrecedenceOverResourceScripts() throws Exception {
        Path resourceD = Files.createDirectories(dir.resolve("resource.d"));
        for (String name : List.of("IPaddr", "IPaddr2", "drbddisk", "Filesystem", "ldirectord", "mysqld")) {
            Path p = resourceD.resolve(name);
            Files.writeString(p, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        BuiltInServices none = new BuiltInServices(new GratuitousArp() {
            @Override
            public void announce(String device, java.net.Inet4Address address, int count, long intervalMs) {
            }

            @Override
            public void cancel(java.net.Inet4Address address) {
            }
        }, a -> new CommandRunner.Result(1, "", ""), new ExportedDevices() {
            @Override
            public Optional<Path> attach(String device) {
                return Optional.empty();
            }

            @Override
            public void detach(String device) {
            }
        }, new MountTable(dir.resolve("mounts")), ms -> { }, dir);
        AgentFactory f = new AgentFactory(resourceD, dir.resolve("init.d"), new CommandRunner(Map.of()), none,
                Duration.ofSeconds(5));

        assertThat(f.agentFor(ResourceSpec.parse("IPaddr::10.0.0.1/24/eth0"))).isInstanceOf(IpAddrAgent.class);
        assertThat(f.agentFor(ResourceSpec.parse("IPaddr2::10.0.0.1/24/eth0"))).isInstanceOf(IpAddrAgent.class);
        assertThat(f.agentFor(ResourceSpec.parse("drbddisk::demo"))).isInstanceOf(DrbdDiskAgent.class);
        assertThat(f.agentFor(ResourceSpec.parse("Filesystem::/dev/drbd1::/var/lib/mysql::ext4")))
                .isInstanceOf(FilesystemAgent.class);
        assertThat(f.agentFor(ResourceSpec.parse("ldirectord::ldirectord.cf"))).isInstanceOf(LdirectordAgent.class);
        assertThat(f.agentFor(ResourceSpec.parse("mysqld"))).isInstanceOf(ScriptAgent.class);
    }
}
