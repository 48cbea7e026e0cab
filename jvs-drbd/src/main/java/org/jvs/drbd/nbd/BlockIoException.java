package org.jvs.drbd.nbd;

import java.io.IOException;

/**
 * An I/O request the device refuses or fails, with the NBD error value to reply with
 * ({@link NbdProtocol#EPERM} for a write to a non-Primary, {@link NbdProtocol#EIO} for a failed
 * disk, ...).
 */
public final class BlockIoException extends IOException {
    private final int error;

    /** A failure answered with {@code error}. */
    public BlockIoException(int error, String message) {
        super(message);
        this.error = error;
    }

    /** The NBD error value. */
    public int error() {
        return error;
    }
}
