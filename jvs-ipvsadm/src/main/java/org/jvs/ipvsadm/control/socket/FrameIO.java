package org.jvs.ipvsadm.control.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import org.jvs.ipvs.Errno;

/**
 * Reads and writes whole frames on a blocking channel. The length field is checked against the
 * limit before any body byte is read or any buffer is sized from it. Stateless.
 */
final class FrameIO {
    private FrameIO() {
    }

    /**
     * Reads one frame of at most {@code maxLength} bytes after the length field. Returns null on a
     * clean end of stream before the first byte of a frame.
     */
    static Frame read(ReadableByteChannel ch, int maxLength) throws IOException, ControlProtocolException {
        ByteBuffer header = ByteBuffer.allocate(4);
        if (!fill(ch, header, true)) {
            return null;
        }
        long length = header.flip().getInt() & 0xFFFF_FFFFL;
        if (length < 2) {
            throw new ControlProtocolException("frame length " + length + " below the 2-byte minimum");
        }
        if (length > maxLength) {
            throw new ControlProtocolException(Errno.EMSGSIZE, "frame length " + length + " above the limit of " + maxLength);
        }
        ByteBuffer rest = ByteBuffer.allocate((int) length);
        fill(ch, rest, false);
        rest.flip();
        int version = rest.get() & 0xFF;
        int opcode = rest.get() & 0xFF;
        return new Frame(version, opcode, rest.slice());
    }

    /** Writes a whole frame as produced by {@link WireWriter#finish}. */
    static void write(WritableByteChannel ch, ByteBuffer frame) throws IOException {
        while (frame.hasRemaining()) {
            ch.write(frame);
        }
    }

    /** Fills {@code buf}; returns false on end of stream before the first byte when {@code mayEnd}. */
    private static boolean fill(ReadableByteChannel ch, ByteBuffer buf, boolean mayEnd)
            throws IOException, ControlProtocolException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                if (mayEnd && buf.position() == 0) {
                    return false;
                }
                throw new ControlProtocolException("truncated frame: connection closed after "
                        + buf.position() + " of " + buf.capacity() + " bytes");
            }
        }
        return true;
    }
}
