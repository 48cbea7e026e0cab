package org.jvs.ldirectord.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.ldirectord.config.ConfigParser;
import org.jvs.ldirectord.config.SystemNameResolver;
import org.jvs.ldirectord.config.VirtualServiceConfig;

class TableEditorTest {
    @TempDir
    Path dir;

    @Test
    void serviceArgumentsAreLdirectordsWithNetmaskAndSchedflags() throws Exception {
        List<VirtualServiceConfig> v = new ConfigParser(SystemNameResolver.standard(), "director1", true)
                .parse(dir.resolve("ld.cf"), """
                        virtual=172.25.254.100:80
                        \treal=172.25.254.2:80 gate
                        \tscheduler=wlc
                        \tpersistent=600
                        \tnetmask=255.255.255.0
                        virtual=172.25.254.100:53
                        \treal=172.25.254.2:53 gate
                        \tprotocol=udp
                        \tscheduler=sh
                        \tschedflags=sh-fallback,sh-port
                        \tops=yes
                        virtual6=[2001:db8::100]:80
                        \treal6=[2001:db8::2]:80 gate
                        \tscheduler=wrr
                        \tpersistent=60
                        \tnetmask=64
                        virtual=9
                        \treal=172.25.254.2 gate
                        \tscheduler=rr
                        \tpersistent=30
                        """).virtuals();

        // What the real ldirectord 4.12 runs, as logged in its "Running system(...)" lines.
        assertThat(v.stream().map(TableEditor::serviceFlags)).containsExactly(
                "-t 172.25.254.100:80 -s wlc -p 600 -M 255.255.255.0",
                "-u 172.25.254.100:53 -o -s sh -b sh-fallback,sh-port",
                "-t [2001:db8::100]:80 -s wrr -p 60 -M 64",
                "-f 9 -s rr -p 30");
    }
}
