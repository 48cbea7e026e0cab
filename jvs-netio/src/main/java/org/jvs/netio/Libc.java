package org.jvs.netio;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc system-call wrappers jvs uses, as FFM downcalls. Every call returns the kernel's result, or
 * minus errno on failure (errno captured with {@code Linker.Option.captureCallState} into a per-thread
 * segment), so the packet path neither throws nor allocates for an expected condition such as EAGAIN.
 * Pointer arguments must be native segments. {@code open} and {@code ioctl} are variadic and linked as
 * such. Constants are Linux x86_64/arm64 values. Thread-safe.
 */
// The one place jvs links native code; the launcher and surefire pass --enable-native-access for it.
@SuppressWarnings("restricted")
final class Libc {
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int AF_INET = 2;
    static final int AF_PACKET = 17;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SOL_PACKET = 263;
    static final short POLLIN = 0x001;
    static final short POLLERR = 0x008;
    static final short POLLNVAL = 0x020;
    static final int SO_ERROR = 4;
    static final int CLONE_NEWNET = 0x4000_0000;
    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int MAP_SHARED = 0x01;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");
    private static final Linker.Option VARIADIC_FROM_2 = Linker.Option.firstVariadicArg(2);
    private static final ThreadLocal<MemorySegment> CALL_STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));
    private static final ThreadLocal<MemorySegment> POLL_FD =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(8, 8));

    private static final MethodHandle OPEN = errnoCall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            VARIADIC_FROM_2);
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = errnoCall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = errnoCall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle IOCTL_POINTER = errnoCall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), VARIADIC_FROM_2);
    private static final MethodHandle IOCTL_VALUE = errnoCall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), VARIADIC_FROM_2);
    private static final MethodHandle SOCKET = errnoCall("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = errnoCall("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = errnoCall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = errnoCall("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SENDTO = errnoCall("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG = errnoCall("recvmsg",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMMSG = errnoCall("recvmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SENDMMSG = errnoCall("sendmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle POLL = errnoCall("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MMAP = errnoCall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = errnoCall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SETNS = errnoCall("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle IF_NAMETOINDEX = errnoCall("if_nametoindex",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {
    }

    private static MethodHandle errnoCall(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = ERRNO_OPTION;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, options);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static int result(int r, MemorySegment state) {
        return r < 0 ? -errno(state) : r;
    }

    private static long result(long r, MemorySegment state) {
        return r < 0 ? -errno(state) : r;
    }

    /** Downcalls throw nothing checked; anything thrown is a linkage bug. */
    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    static int open(MemorySegment path, int flags) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((int) OPEN.invokeExact(st, path, flags), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int close(int fd) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((int) CLOSE.invokeExact(st, fd), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long read(int fd, MemorySegment buffer, long count) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((long) READ.invokeExact(st, fd, buffer, count), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long write(int fd, MemorySegment buffer, long count) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((long) WRITE.invokeExact(st, fd, buffer, count), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** ioctl with a pointer argument (struct ifreq and the like). */
    static int ioctl(int fd, long request, MemorySegment argument) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((int) IOCTL_POINTER.invokeExact(st, fd, request, argument), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** ioctl with an integer argument passed by value (TUNSETOFFLOAD). */
    static int ioctl(int fd, long request, long argument) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((int) IOCTL_VALUE.invokeExact(st, fd, request, argument), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int socket(int domain, int type, int protocol) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((int) SOCKET.invokeExact(st, domain, type, protocol), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int bind(int fd, MemorySegment address, int length) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((int) BIND.invokeExact(st, fd, address, length), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int setsockopt(int fd, int level, int name, MemorySegment value, int length) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((int) SETSOCKOPT.invokeExact(st, fd, level, name, value, length), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Maps {@code length} bytes of {@code fd} from offset 0, shared, for reading and writing.
     *
     * @return the mapping's address, or minus errno (as a long) on failure
     */
    static long mmapShared(int fd, long length) {
        MemorySegment st = CALL_STATE.get();
        try {
            MemorySegment at = (MemorySegment) MMAP.invokeExact(st, MemorySegment.NULL, length,
                    PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0L);
            // MAP_FAILED is (void *) -1.
            return at.address() == -1L ? -errno(st) : at.address();
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int munmap(long address, long length) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((int) MUNMAP.invokeExact(st, MemorySegment.ofAddress(address), length), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** getsockopt into {@code value}; {@code length} (a socklen_t) holds its size and is updated. */
    static int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment length) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((int) GETSOCKOPT.invokeExact(st, fd, level, name, value, length), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** sendto on a bound socket: no destination address. */
    static long send(int fd, MemorySegment buffer, long length, int flags) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((long) SENDTO.invokeExact(st, fd, buffer, length, flags, MemorySegment.NULL, 0), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long recvmsg(int fd, MemorySegment message, int flags) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((long) RECVMSG.invokeExact(st, fd, message, flags), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** recvmmsg without a timeout: on a non-blocking socket it returns what is queued. */
    static int recvmmsg(int fd, MemorySegment vector, int count, int flags) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((int) RECVMMSG.invokeExact(st, fd, vector, count, flags, MemorySegment.NULL), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int sendmmsg(int fd, MemorySegment vector, int count, int flags) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((int) SENDMMSG.invokeExact(st, fd, vector, count, flags), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Waits up to {@code timeoutMs} (-1: forever) for {@code events} on one descriptor.
     *
     * @return the returned events (nonzero), 0 on timeout, or minus errno
     */
    static int poll(int fd, short events, int timeoutMs) {
        MemorySegment st = CALL_STATE.get();
        MemorySegment pollFd = POLL_FD.get();
        pollFd.set(JAVA_INT, 0, fd);
        pollFd.set(JAVA_SHORT, 4, events);
        pollFd.set(JAVA_SHORT, 6, (short) 0);
        try {
            int r = result((int) POLL.invokeExact(st, pollFd, 1L, timeoutMs), st);
            return r <= 0 ? r : pollFd.get(JAVA_SHORT, 6) & 0xFFFF;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Waits up to {@code timeoutMs} for POLLIN on the {@code count} descriptors of a caller-built
     * pollfd array ({@code struct pollfd}: int fd, short events, short revents; 8 bytes each).
     *
     * @return how many descriptors have events, 0 on timeout, or minus errno
     */
    static int poll(MemorySegment pollFds, int count, int timeoutMs) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((int) POLL.invokeExact(st, pollFds, (long) count, timeoutMs), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int setns(int fd, int namespaceType) {
        MemorySegment st = CALL_STATE.get();
        try {
            return result((int) SETNS.invokeExact(st, fd, namespaceType), st);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** @return the interface index, or minus errno (ENODEV for an unknown name) */
    static int ifNameToIndex(MemorySegment name) {
        MemorySegment st = CALL_STATE.get();
        try {
            int index = (int) IF_NAMETOINDEX.invokeExact(st, name);
            return index == 0 ? -errno(st) : index;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The C library's message for an errno (glibc's strerror is thread-safe since 2.32). */
    static String describe(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
