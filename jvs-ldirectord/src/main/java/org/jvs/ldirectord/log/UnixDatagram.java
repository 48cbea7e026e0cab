package org.jvs.ldirectord.log;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Sends one datagram to an AF_UNIX datagram socket (syslog's {@code /dev/log}), which Java's
 * channels cannot do (they support UNIX-domain streams only). Three libc calls through the Foreign
 * Function API: socket, sendto, close. This belongs in jvs-netio once that module offers it.
 * Thread-safe.
 */
final class UnixDatagram {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SUN_PATH = 108;
    private static final MethodHandle SOCKET;
    private static final MethodHandle SENDTO;
    private static final MethodHandle CLOSE;

    static {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        SOCKET = linker.downcallHandle(libc.find("socket").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        SENDTO = linker.downcallHandle(libc.find("sendto").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
        CLOSE = linker.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private UnixDatagram() {
    }

    static void send(Path socketPath, byte[] payload) throws IOException {
        byte[] path = socketPath.toString().getBytes(StandardCharsets.UTF_8);
        if (path.length >= SUN_PATH) {
            throw new IOException("socket path too long: " + socketPath);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(2 + SUN_PATH);
            addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(path, 0, addr, JAVA_BYTE, 2, path.length);
            MemorySegment buf = arena.allocateFrom(JAVA_BYTE, payload);
            int fd = (int) SOCKET.invokeExact(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("cannot create a unix datagram socket");
            }
            try {
                long sent = (long) SENDTO.invokeExact(fd, buf, (long) payload.length, 0, addr, 2 + path.length + 1);
                if (sent < 0) {
                    throw new IOException("cannot send to " + socketPath);
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("native call failed", t);
        }
    }
}
