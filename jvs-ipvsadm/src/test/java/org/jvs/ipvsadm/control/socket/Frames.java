package org.jvs.ipvsadm.control.socket;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;

/** Frame bytes in tests: encoded buffers to arrays and arrays back to frames. */
final class Frames {
    private Frames() {
    }

    static byte[] bytes(ByteBuffer frame) {
        byte[] b = new byte[frame.remaining()];
        frame.duplicate().get(b);
        return b;
    }

    /** Reads one frame from {@code bytes} as a server would. */
    static Frame read(byte[] bytes, int max) throws IOException, ControlProtocolException {
        return FrameIO.read(Channels.newChannel(new ByteArrayInputStream(bytes)), max);
    }

    /** A frame with the given header fields around {@code body}. */
    static byte[] frame(int version, int opcode, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(6 + body.length);
        b.putInt(2 + body.length).put((byte) version).put((byte) opcode).put(body);
        return b.array();
    }
}
