package org.jvs.ipvsadm.cli;

import java.util.function.Supplier;
import org.jvs.ipvs.IpvsException;
import org.jvs.ipvsadm.control.IpvsControl;
import org.jvs.ipvsadm.control.IpvsInfo;

/**
 * ipvsadm's link to the director (libipvs's ipvs_init/ipvs_close): obtained on first use, when
 * the version and table size are read and an old version is warned about, and closed at the end.
 * Opening late lets {@code -h}, {@code -v} and command-line errors work without a director.
 * Not thread-safe.
 */
final class DirectorSession implements AutoCloseable {
    /** MINIMUM_IPVS_VERSION: 1.1.4. */
    private static final int MINIMUM_VERSION = 0x010104;

    private final Supplier<IpvsControl> supplier;
    private final Output io;
    private IpvsControl control;
    private IpvsInfo info;

    DirectorSession(Supplier<IpvsControl> supplier, Output io) {
        this.supplier = supplier;
        this.io = io;
    }

    /** The director, connected on first call; a connection failure propagates as DirectorUnavailableException. */
    IpvsControl control() {
        if (control == null) {
            IpvsControl c = supplier.get();
            try {
                info = c.info();
            } catch (IpvsException e) {
                closeIfCloseable(c);
                throw cannotInitialize(IpvsCall.INIT.message(e.errno()));
            }
            control = c;
            warnIfOld(info);
        }
        return control;
    }

    /** The version and connection table size read when the session opened. */
    IpvsInfo info() {
        control();
        return info;
    }

    /** A table change: on failure prints ipvsadm's message for {@code call} and returns -1, else 0. */
    int perform(IpvsCall call, Change change) {
        try {
            change.apply(control());
            return 0;
        } catch (IpvsException e) {
            io.err.print(call.message(e.errno()) + "\n");
            return -1;
        }
    }

    /** ipvsadm's "Can't initialize ipvs" failure, in jvs words, with exit status 2. */
    IpvsadmExit cannotInitialize(String reason) {
        return io.fail(2, "Can't initialize ipvs: " + reason + "\nAre you sure that the jvs director is running?");
    }

    @Override
    public void close() {
        if (control != null) {
            closeIfCloseable(control);
            control = null;
        }
    }

    private void warnIfOld(IpvsInfo i) {
        if (i.versionCode() < MINIMUM_VERSION) {
            io.err.print("Warning: IPVS version mismatch: \n"
                    + "  Kernel compiled with IPVS version " + i.major() + "." + i.minor() + "." + i.patch() + "\n"
                    + "  ipvsadm " + UsageText.VERSION + "  requires minimum IPVS version 1.1.4\n\n");
        }
    }

    private static void closeIfCloseable(IpvsControl c) {
        if (c instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing a finished session cannot fail in a way the operator could act on.
            }
        }
    }

    /** One libipvs call that changes the table. */
    @FunctionalInterface
    interface Change {
        void apply(IpvsControl control) throws IpvsException;
    }
}
