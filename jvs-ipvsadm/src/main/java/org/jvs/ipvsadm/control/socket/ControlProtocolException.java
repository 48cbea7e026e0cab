package org.jvs.ipvsadm.control.socket;

import org.jvs.ipvs.Errno;

/**
 * A frame that breaks the control protocol: truncated, oversized, of another version, or
 * malformed. Carries the errno a server answers with: EMSGSIZE for another protocol version or
 * an oversized frame (ipvsadm prints "Module is wrong version"), EINVAL for everything else.
 */
public final class ControlProtocolException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Errno errno;

    public ControlProtocolException(String message) {
        this(Errno.EINVAL, message);
    }

    public ControlProtocolException(Errno errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
