package org.jvs.ipvsadm.control.socket;

import java.nio.ByteBuffer;

/**
 * One received frame: header fields and the body, positioned at its first byte. The opcode is the
 * raw byte so that an unknown value can be reported. Not thread-safe (the body is a buffer).
 */
public record Frame(int version, int opcode, ByteBuffer body) {
}
