package org.jvs.ipvs;

/** A rejected table operation, carrying the errno the kernel would have returned. */
public final class IpvsException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Errno errno;

    public IpvsException(Errno errno, String detail) {
        super(errno + ": " + detail, null, false, false);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
