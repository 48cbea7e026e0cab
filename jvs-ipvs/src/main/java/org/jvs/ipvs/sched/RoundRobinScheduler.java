package org.jvs.ipvs.sched;

import org.jvs.ipvs.service.RealServer;
import org.jvs.ipvs.service.VirtualService;

/**
 * Round robin ({@code rr}, ip_vs_rr.c): a cursor walks the real servers in kernel list order and
 * each new connection goes to the next one after it that has weight above 0 and is not
 * overloaded, wrapping once around the list. The cursor starts before the first server (the most
 * recently added); a new server is inserted before it without moving it; when the server under the
 * cursor is deleted the cursor steps back to the server before it, so the rotation goes on with the
 * deleted server's successor.
 *
 * <p>Thread-safety: the cursor is guarded by this instance's lock (the kernel's sched_lock);
 * {@link #schedule} does not allocate.
 */
public final class RoundRobinScheduler implements Scheduler {
    /** Cursor position meaning "the list head", before the first server. */
    private static final int HEAD = -1;

    private final Object lock = new Object();
    /** The list the cursor indexes: the service's array as last seen (it is replaced, never mutated). */
    private RealServer[] list = new RealServer[0];
    private int cursor = HEAD;

    @Override
    public String name() {
        return "rr";
    }

    @Override
    public RealServer schedule(VirtualService service, PacketKey packet) {
        synchronized (lock) {
            RealServer[] dests = service.destinations();
            if (dests != list) {
                // A change not yet announced through onDestinationsChanged: the table swaps the
                // array first, so re-anchor the cursor the same way now.
                follow(dests);
            }
            int last = cursor;
            for (int i = last + 1; i < dests.length; i++) {
                if (dests[i].schedulable()) {
                    cursor = i;
                    return dests[i];
                }
            }
            if (last == HEAD) {
                return null;
            }
            for (int i = 0; i <= last; i++) {
                if (dests[i].schedulable()) {
                    cursor = i;
                    return dests[i];
                }
            }
            return null;
        }
    }

    @Override
    public void onDestinationsChanged(VirtualService service) {
        synchronized (lock) {
            follow(service.destinations());
        }
    }

    /**
     * Moves the cursor onto {@code dests}: it stays on its server when that server is still
     * there, else steps back to the nearest surviving server before it (ip_vs_rr_del_dest), or to
     * the head.
     */
    private void follow(RealServer[] dests) {
        RealServer[] old = list;
        list = dests;
        for (int i = cursor; i > HEAD; i--) {
            int at = indexOf(dests, old[i]);
            if (at >= 0) {
                cursor = at;
                return;
            }
        }
        cursor = HEAD;
    }

    private static int indexOf(RealServer[] dests, RealServer d) {
        for (int i = 0; i < dests.length; i++) {
            if (dests[i] == d) {
                return i;
            }
        }
        return -1;
    }
}
