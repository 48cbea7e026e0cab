package org.jvs.ipvs.sync;

import java.nio.ByteBuffer;
import org.jvs.ipvs.conn.ConnFlags;
import org.jvs.ipvs.conn.ConnectionTable;

/**
 * Writes version-1 sync records straight from the connection table (ip_vs_sync_conn), and the
 * message header around them. No allocation: the data-plane thread encodes into preallocated
 * buffers. Stateless.
 */
public final class SyncEncoder {
    private SyncEncoder() {
    }

    /** Bytes the record of {@code h} takes, or 0 when it cannot be synced (mixed address families). */
    public static int recordLength(ConnectionTable t, int h) {
        if (t.isV6(h) != t.destIsV6(h)) {
            return 0;
        }
        return t.isV6(h) ? SyncProtocol.RECORD_V6 : SyncProtocol.RECORD_V4;
    }

    /** Writes the record of {@code h} at the buffer's position (big-endian), advancing it. */
    public static void writeRecord(ConnectionTable t, int h, ByteBuffer out) {
        boolean v6 = t.isV6(h);
        int size = v6 ? SyncProtocol.RECORD_V6 : SyncProtocol.RECORD_V4;
        out.put((byte) (v6 ? SyncProtocol.RECORD_TYPE_INET6 : 0));
        out.put((byte) t.protocol(h));
        out.putShort((short) size);
        out.putInt(t.flags(h) & ConnFlags.KERNEL_MASK & ~ConnFlags.HASHED);
        out.putShort((short) t.state(h));
        out.putShort((short) t.clientPort(h));
        out.putShort((short) t.virtualPort(h));
        out.putShort((short) t.destPort(h));
        out.putInt(t.fwmark(h));
        out.putInt(t.timeoutSec(h));
        if (v6) {
            out.putLong(t.clientHi(h)).putLong(t.clientLo(h));
            out.putLong(t.virtualHi(h)).putLong(t.virtualLo(h));
            out.putLong(t.destHi(h)).putLong(t.destLo(h));
        } else {
            out.putInt((int) t.clientLo(h));
            out.putInt((int) t.virtualLo(h));
            out.putInt((int) t.destLo(h));
        }
    }

    /** Writes a version-1 header for {@code records} records and a message of {@code size} bytes at {@code at}. */
    public static void writeHeader(ByteBuffer out, int at, int syncId, int records, int size) {
        out.put(at, (byte) 0);
        out.put(at + 1, (byte) syncId);
        out.putShort(at + 2, (short) size);
        out.put(at + 4, (byte) records);
        out.put(at + 5, (byte) SyncProtocol.VERSION_1);
        out.putShort(at + 6, (short) 0);
    }
}
