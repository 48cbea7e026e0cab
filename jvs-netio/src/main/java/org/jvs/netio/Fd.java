package org.jvs.netio;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open file descriptor with a name for error messages. After {@link #close()} it holds -1, so a
 * late call fails with EBADF from the kernel instead of touching a reused descriptor number.
 * Thread-safe; closing while another thread is inside a call on it is the caller's race to avoid.
 */
final class Fd {
    private final AtomicInteger fd;
    private final String name;

    Fd(int fd, String name) {
        this.fd = new AtomicInteger(fd);
        this.name = name;
    }

    int get() {
        return fd.get();
    }

    String name() {
        return name;
    }

    /**
     * Waits up to {@code timeoutMs} for data to read.
     *
     * @return whether there is; false also when a signal cut the wait short
     */
    boolean awaitReadable(int timeoutMs) throws ErrnoException {
        int descriptor = fd.get();
        if (descriptor < 0) {
            // poll(2) ignores negative descriptors and would just time out.
            throw new ErrnoException("poll " + name, Errno.EBADF);
        }
        int r = Libc.poll(descriptor, Libc.POLLIN, timeoutMs);
        if (r == -Errno.EINTR) {
            return false;
        }
        if (r < 0) {
            throw new ErrnoException("poll " + name, -r);
        }
        // poll reports a closed or invalid descriptor in revents (POLLNVAL), not as an error.
        if ((r & Libc.POLLNVAL) != 0) {
            throw new ErrnoException("poll " + name, Errno.EBADF);
        }
        return (r & Libc.POLLIN) != 0;
    }

    /** Closes once; later calls do nothing. */
    void close() throws ErrnoException {
        int old = fd.getAndSet(-1);
        if (old >= 0) {
            int r = Libc.close(old);
            // Linux releases the descriptor even when close reports EINTR; retrying could close another.
            if (r < 0 && r != -Errno.EINTR) {
                throw new ErrnoException("close " + name, -r);
            }
        }
    }
}
