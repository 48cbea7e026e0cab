package org.jvs.netio;

import java.io.IOException;

/**
 * A system call failed: carries the errno number and name and the operation, e.g.
 * {@code "TUNSETIFF bad/name: EINVAL (22): Invalid argument"}. Immutable.
 */
public final class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String operation;

    /**
     * @param operation what was attempted, with its object ("open /dev/net/tun", "bind eth0")
     * @param errno the positive errno value
     */
    public ErrnoException(String operation, int errno) {
        super(operation + ": " + Errno.name(errno) + " (" + errno + "): " + Libc.describe(errno));
        this.errno = errno;
        this.operation = operation;
    }

    /** The errno value, e.g. {@link Errno#EBUSY}. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno name, e.g. "EBUSY". */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** The operation that failed. */
    public String operation() {
        return operation;
    }
}
