package org.jvs.drbd.replication;

import java.nio.ByteBuffer;

/**
 * One packet: type, volume and payload (big-endian). Readers use {@link #payload()} as a fresh
 * duplicate. A received payload lives in its channel's buffer: valid only until the channel's
 * next receive, so a packet is handled before the next one is read.
 *
 * @param command the type
 * @param volume  the volume number it concerns (0 for connection-wide packets)
 * @param body    the payload
 */
public record Packet(Command command, int volume, ByteBuffer body) {
    /** A read-only view of the payload positioned at its start. */
    public ByteBuffer payload() {
        return body.duplicate().order(java.nio.ByteOrder.BIG_ENDIAN);
    }
}
