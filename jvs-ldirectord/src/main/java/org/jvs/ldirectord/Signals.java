package org.jvs.ldirectord;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * ldirectord's signals in a JVM: SIGHUP rereads the configuration (through {@code sun.misc.Signal},
 * the supported way to catch it), SIGTERM (and SIGINT) end the loop through a shutdown hook that
 * waits until the clean stop is done ({@link #release}). Not thread-safe: install once, release once.
 */
final class Signals {
    private static final long STOP_WAIT_MS = 15_000;

    private final Thread hook;
    private final SignalHandler previousHup;
    private final CountDownLatch stopped;

    private Signals(Thread hook, SignalHandler previousHup, CountDownLatch stopped) {
        this.hook = hook;
        this.previousHup = previousHup;
        this.stopped = stopped;
    }

    static Signals install(LdirectordDaemon daemon) {
        SignalHandler previous = Signal.handle(new Signal("HUP"), s -> daemon.requestReload());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            daemon.requestStop();
            try {
                // Not loop.join(): the loop thread returns into System.exit, which blocks while
                // this hook runs, so it would never end and the JVM would wait out STOP_WAIT_MS.
                stopped.await(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ldirectord-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return new Signals(hook, previous, stopped);
    }

    /**
     * Call when the clean stop is complete: lets a SIGTERM's exit proceed, restores the previous
     * SIGHUP handling and drops the hook (unless the JVM is already exiting).
     */
    void release() {
        stopped.countDown();
        Signal.handle(new Signal("HUP"), previousHup);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down because of SIGTERM: the hook is running and must stay.
        }
    }
}
