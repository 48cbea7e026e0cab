package org.jvs.ipvsadm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jvs.ipvsadm.cli.Golden.lines;

import java.io.IOException;
import java.nio.file.Path;
import org.jvs.ipvsadm.control.InMemoryIpvsControl;
import org.jvs.ipvsadm.control.socket.ControlServer;
import org.jvs.ipvsadm.control.socket.UnixSocketControlClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ipvsadm driving a director through the real control socket. */
class IpvsadmOverSocketTest {
    @TempDir
    Path runDir;

    @Test
    void tutorialNatClusterThroughTheControlSocket() throws IOException {
        Path socket = runDir.resolve("director.sock");
        InMemoryIpvsControl director = new InMemoryIpvsControl();
        try (ControlServer _ = ControlServer.start(socket, director)) {
            IpvsadmRunner ipvsadm = new IpvsadmRunner().withControl(() -> UnixSocketControlClient.connect(socket));
            ipvsadm.ok("-A -t 172.16.100.1:80 -s wrr");
            ipvsadm.ok("-a -t 172.16.100.1:80 -r 172.25.254.2 -m -w 1");
            ipvsadm.ok("-a -t 172.16.100.1:80 -r 172.25.254.3 -m -w 2");
            assertThat(ipvsadm.run("-a -t 172.16.100.1:80 -r 172.25.254.3 -m -w 2").err())
                    .isEqualTo("Destination already exists\n");
            assertThat(ipvsadm.run("-Ln").out()).isEqualTo(lines(
                    "IP Virtual Server version 1.2.1 (size=4096)|",
                    "Prot LocalAddress:Port Scheduler Flags|",
                    "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn|",
                    "TCP  172.16.100.1:80 wrr|",
                    "  -> 172.25.254.2:80              Masq    1      0          0         |",
                    "  -> 172.25.254.3:80              Masq    2      0          0         |"));
            String saved = ipvsadm.run("-S -n").out();
            ipvsadm.ok("-C");
            IpvsadmRunner.Result restored = ipvsadm.run("-R", saved);
            assertThat(restored.status()).isZero();
            assertThat(ipvsadm.run("-S -n").out()).isEqualTo(saved);
        }
    }

    @Test
    void noDirectorMeansCantInitializeWithTheSocketPathAndStatus2() {
        Path socket = runDir.resolve("director.sock");
        IpvsadmRunner ipvsadm = new IpvsadmRunner().withControl(() -> UnixSocketControlClient.connect(socket));
        IpvsadmRunner.Result r = ipvsadm.run("-Ln");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .startsWith("Can't initialize ipvs: the jvs director is not running (tried " + socket + ": ")
                .endsWith(")\nAre you sure that the jvs director is running?\n");
        // Help needs no director.
        assertThat(ipvsadm.run("-h").status()).isZero();
    }
}
