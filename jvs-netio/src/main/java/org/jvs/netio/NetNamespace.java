package org.jvs.netio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A network namespace to run code in, such as {@code /run/netns/NAME} made by {@code ip netns add}.
 * {@code setns(2)} moves only the calling thread, so each task runs on a new platform thread that enters
 * the namespace first (never a virtual thread: its carrier would move instead). Devices and sockets
 * opened there stay in that namespace for life and may then be used from any thread, which is how one
 * JVM drives TAPs and packet sockets in several namespaces. Entering needs CAP_SYS_ADMIN.
 * Immutable and thread-safe.
 */
public final class NetNamespace {
    private final Path path;

    private NetNamespace(Path path) {
        this.path = path;
    }

    /** The namespace {@code ip netns} calls {@code name} ({@code /run/netns/NAME}). */
    public static NetNamespace named(String name) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("not a namespace name: '" + name + "'");
        }
        return new NetNamespace(Path.of("/run/netns", name));
    }

    /** The namespace behind a file such as {@code /proc/PID/ns/net}. */
    public static NetNamespace at(Path path) {
        return new NetNamespace(path);
    }

    /** The namespace file. */
    public Path path() {
        return path;
    }

    /** Work with a result that may fail with an IOException, run inside a namespace. */
    @FunctionalInterface
    public interface Task<T> {
        /** Does the work; runs on a thread inside the namespace. */
        T call() throws IOException;
    }

    /** Work without a result that may fail with an IOException, run inside a namespace. */
    @FunctionalInterface
    public interface Action {
        /** Does the work; runs on a thread inside the namespace. */
        void run() throws IOException;
    }

    /**
     * Runs {@code task} on a new thread inside this namespace and returns its result; its IOExceptions
     * and unchecked exceptions are rethrown here. Waits for the task even if interrupted (and then
     * keeps the interrupt), because the task may hold devices the caller must get back.
     *
     * @throws ErrnoException when the namespace cannot be entered (ENOENT: no such namespace)
     */
    public <T> T call(Task<T> task) throws IOException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = Thread.ofPlatform().name(threadName()).unstarted(() -> {
            try {
                enter();
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        worker.start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code action} inside this namespace and waits for it, like {@link #call}. */
    public void run(Action action) throws IOException {
        call(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Starts a platform thread named {@code threadName} that enters this namespace and then runs
     * {@code body}, for long-lived work such as a data-plane loop. Returns once the thread is inside.
     *
     * @throws ErrnoException when the namespace cannot be entered (the thread then ends)
     */
    public Thread start(String threadName, Runnable body) throws IOException {
        CompletableFuture<Void> entered = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().name(threadName).unstarted(() -> {
            try {
                enter();
            } catch (Throwable e) {
                entered.completeExceptionally(e);
                return;
            }
            entered.complete(null);
            body.run();
        });
        thread.start();
        try {
            entered.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + threadName + " entered " + path);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
        return thread;
    }

    private void enter() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            int fd = Libc.open(arena.allocateFrom(path.toString()), Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (fd < 0) {
                throw new ErrnoException("open " + path, -fd);
            }
            int r = Libc.setns(fd, Libc.CLONE_NEWNET);
            Libc.close(fd);
            if (r < 0) {
                throw new ErrnoException("setns " + path, -r);
            }
        }
    }

    private String threadName() {
        return "jvs-netns-" + path.getFileName();
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IOException(cause);
    }

    @Override
    public String toString() {
        return "NetNamespace[" + path + "]";
    }
}
