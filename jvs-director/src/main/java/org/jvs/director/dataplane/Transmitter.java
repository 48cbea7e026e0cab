package org.jvs.director.dataplane;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/** Writes a frame (preceded by its virtio-net header) out of one of the director's interfaces. */
interface Transmitter {
    /** The slot that names the director's own IP stack: the buffer holds a bare IP packet after the virtio header. */
    int LOCAL_STACK = -1;

    /**
     * Sends {@code length} bytes at {@code offset} of {@code buffer} out of interface {@code slot}
     * (or into this host's stack for {@link #LOCAL_STACK}).
     *
     * @return false when the interface's queue was full (the frame is dropped)
     */
    boolean send(int slot, MemorySegment buffer, long offset, int length) throws IOException;

    /**
     * Like {@link #send}, but the frame may leave later, together with others (one sendmmsg per
     * batch): the caller promises not to touch those bytes until the owner of this transmitter
     * flushes, which the forwarder does before it receives into the same buffers again.
     *
     * @return false when the frame was dropped at once
     */
    default boolean queue(int slot, MemorySegment buffer, long offset, int length) throws IOException {
        return send(slot, buffer, offset, length);
    }
}
