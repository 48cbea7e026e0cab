package org.jvs.netio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Waits for any of several packet sockets to become readable with one poll(2), so one data-plane
 * thread can serve every interface without spinning. The pollfd array is built once; waiting does
 * not allocate. Not thread-safe; the sockets must stay open while it is used.
 */
public final class PollSet {
    private static final int POLLFD_SIZE = 8;

    private final MemorySegment pollFds;
    private final PacketSocket[] sockets;
    private final int count;

    public PollSet(PacketSocket... sockets) {
        this.sockets = sockets.clone();
        count = sockets.length;
        pollFds = Arena.ofAuto().allocate((long) POLLFD_SIZE * Math.max(1, count), 8);
        for (int i = 0; i < count; i++) {
            pollFds.set(ValueLayout.JAVA_INT, (long) i * POLLFD_SIZE, sockets[i].descriptor());
            pollFds.set(ValueLayout.JAVA_SHORT, (long) i * POLLFD_SIZE + 4, Libc.POLLIN);
        }
    }

    /**
     * Waits up to {@code timeoutMs} milliseconds.
     *
     * @return whether some socket is readable (false on timeout or a signal)
     * @throws ErrnoException when a socket failed: closed (EBADF), or its interface went down or
     *                        away (the socket's own error, ENETDOWN)
     */
    public boolean await(int timeoutMs) throws ErrnoException {
        int r = Libc.poll(pollFds, count, timeoutMs);
        if (r == -Errno.EINTR) {
            return false;
        }
        if (r < 0) {
            throw new ErrnoException("poll", -r);
        }
        for (int i = 0; i < count; i++) {
            short events = pollFds.get(ValueLayout.JAVA_SHORT, (long) i * POLLFD_SIZE + 6);
            if ((events & Libc.POLLNVAL) != 0) {
                throw new ErrnoException("poll: a packet socket was closed", Errno.EBADF);
            }
            if ((events & Libc.POLLERR) != 0) {
                int error = sockets[i].takeError();
                if (error != 0) {
                    throw new ErrnoException(sockets[i].description(), error);
                }
            }
        }
        return r > 0;
    }
}
