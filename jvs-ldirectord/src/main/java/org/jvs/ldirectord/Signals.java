package org.jvs.ldirectord;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * ldirectord's signals in a JVM: SIGHUP rereads the configuration (through {@code sun.misc.Signal},
 * the supported way to catch it), SIGTERM (and SIGINT) end the loop through a shutdown hook that
 * waits until the clean stop is done. Not thread-safe: install once, release once.
 */
final class Signals {
    private static final long STOP_WAIT_MS = 15_000;

    private final Thread hook;
    private final SignalHandler previousHup;

    private Signals(Thread hook, SignalHandler previousHup) {
        this.hook = hook;
        this.previousHup = previousHup;
    }

    static Signals install(LdirectordDaemon daemon, Thread loop) {
        SignalHandler previous = Signal.handle(new Signal("HUP"), s -> daemon.requestReload());
        Thread hook = new Thread(() -> {
            daemon.requestStop();
            try {
                loop.join(STOP_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ldirectord-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return new Signals(hook, previous);
    }

    /** Restores the previous SIGHUP handling and drops the hook (unless the JVM is already exiting). */
    void release() {
        Signal.handle(new Signal("HUP"), previousHup);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down because of SIGTERM: the hook is running and must stay.
        }
    }
}
