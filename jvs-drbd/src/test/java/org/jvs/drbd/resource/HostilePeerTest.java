package org.jvs.drbd.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvs.drbd.replication.Command;
import org.jvs.drbd.replication.PacketChannel;
import org.jvs.drbd.state.ConnectionState;

/** Whatever arrives at the replication port that is not the peer speaking the protocol is dropped. */
class HostilePeerTest {
    @TempDir
    Path dir;

    @Test
    void garbageAndForeignAddressesAreDroppedAndTheRealPeerStillConnects() throws Exception {
        try (TwoNodes n = new TwoNodes(dir, 4L << 20, "", "")) {
            Resource beta = n.start("beta");
            TwoNodes.await("listening", () -> beta.connectionState() == ConnectionState.WF_CONNECTION);
            InetSocketAddress port = n.settings("beta").address().socketAddress();
            Random rnd = new Random(1);
            for (int i = 0; i < 20; i++) {
                try (SocketChannel s = SocketChannel.open()) {
                    s.bind(new InetSocketAddress("127.0.0.1", 0));
                    s.connect(port);
                    byte[] junk = new byte[rnd.nextInt(300)];
                    rnd.nextBytes(junk);
                    if (i % 2 == 0) {
                        new PacketChannel(s).send(Command.INITIAL_DATA, 0);
                    }
                    s.write(ByteBuffer.wrap(junk));
                }
            }
            try (SocketChannel foreign = SocketChannel.open()) {
                foreign.bind(new InetSocketAddress("127.0.0.3", 0));
                foreign.connect(port);
                new PacketChannel(foreign).send(Command.INITIAL_DATA, 0);
            }

            n.start("alpha");

            TwoNodes.await("connected", () -> beta.connectionState() == ConnectionState.CONNECTED);
            assertThat(beta.recentLog()).anyMatch(l -> l.contains("refusing connection from foreign address /127.0.0.3"))
                    .anyMatch(l -> l.contains("incoming connection dropped"));
        }
    }
}
