package org.jvs.drbd.device;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The I/O counters /proc/drbd shows for a volume, in bytes here and KiB there: network sent and
 * received, disk written and read, and requests pending. Thread-safe.
 */
public final class VolumeStats {
    /** Bytes of data sent to the peer (ns). */
    public final AtomicLong netSent = new AtomicLong();
    /** Bytes of data received from the peer (nr). */
    public final AtomicLong netReceived = new AtomicLong();
    /** Bytes written to the local disk (dw). */
    public final AtomicLong diskWritten = new AtomicLong();
    /** Bytes read from the local disk (dr). */
    public final AtomicLong diskRead = new AtomicLong();
    /** Bitmap write-outs (bm). */
    public final AtomicLong bitmapWrites = new AtomicLong();
    /** Local requests in progress (lo). */
    public final AtomicLong localPending = new AtomicLong();
    /** Requests sent to the peer and not yet answered (pe). */
    public final AtomicLong peerPending = new AtomicLong();
    /** Requests received from the peer and not yet answered (ua). */
    public final AtomicLong unacked = new AtomicLong();
    /** Application requests in progress (ap). */
    public final AtomicLong appPending = new AtomicLong();
}
