package org.jvs.heartbeat.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jvs.heartbeat.cluster.Network;
import org.jvs.heartbeat.config.Medium;

/**
 * Every configured medium as one {@link Network}: a datagram goes out on each, as heartbeat's
 * write children do. Not thread-safe: conductor thread only.
 */
public final class UdpNetwork implements Network, AutoCloseable {
    private final List<MediumChannel> channels;

    private UdpNetwork(List<MediumChannel> channels) {
        this.channels = List.copyOf(channels);
    }

    /** Opens every medium, closing those already open if one fails. */
    public static UdpNetwork open(List<Medium> media) throws IOException {
        List<MediumChannel> open = new ArrayList<>();
        try {
            for (Medium m : media) {
                open.add(MediumChannel.open(m));
            }
        } catch (IOException e) {
            for (MediumChannel c : open) {
                c.close();
            }
            throw new IOException(e.getMessage() + " (medium " + media.get(open.size()).describe() + ")", e);
        }
        return new UdpNetwork(open);
    }

    public List<MediumChannel> channels() {
        return channels;
    }

    @Override
    public void sendAll(byte[] datagram) {
        for (MediumChannel c : channels) {
            c.send(ByteBuffer.wrap(datagram));
        }
    }

    @Override
    public void close() throws IOException {
        for (MediumChannel c : channels) {
            c.close();
        }
    }
}
