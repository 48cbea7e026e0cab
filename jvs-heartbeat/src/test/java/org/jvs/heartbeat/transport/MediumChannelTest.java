package org.jvs.heartbeat.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jvs.heartbeat.config.Medium;
import org.junit.jupiter.api.Test;

class MediumChannelTest {

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aMissingInterfaceIsReportedWithTheMedium() {
        assertThatThrownBy(() -> UdpNetwork.open(List.of(new Medium.Broadcast("nosuch0", 694))))
                .isInstanceOf(IOException.class)
                .hasMessage("interface nosuch0 does not exist (medium bcast nosuch0)");
    }

    @Test
    void loopbackHasNoBroadcastAddressSoBcastOnItIsRefused() {
        assertThatThrownBy(() -> MediumChannel.open(new Medium.Broadcast("lo", 694)))
                .hasMessageContaining("bcast: interface lo has no broadcast address");
    }

    @Test
    void ucastDatagramsArriveOnTheReceivingChannel() throws Exception {
        int port = freePort();
        // Over loopback the "peer" is this host itself: what is sent comes back on the medium.
        try (MediumChannel ch = MediumChannel.open(new Medium.Unicast("lo", "127.0.0.1", port));
             Selector sel = Selector.open()) {
            ch.register(sel);
            assertThat(ch.send(ByteBuffer.wrap(">>>\nt=x\n<<<\n".getBytes(StandardCharsets.ISO_8859_1)))).isTrue();
            assertThat(sel.select(2000)).isEqualTo(1);
            ByteBuffer buf = ByteBuffer.allocate(100);
            assertThat(ch.receive(buf)).isTrue();
            assertThat(StandardCharsets.ISO_8859_1.decode(buf).toString()).isEqualTo(">>>\nt=x\n<<<\n");
            assertThat(ch.receive(buf)).isFalse();
            assertThat(ch.name()).isEqualTo("lo");
        }
    }
}
