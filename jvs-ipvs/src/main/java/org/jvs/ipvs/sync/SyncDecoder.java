package org.jvs.ipvs.sync;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jvs.ipvs.AddressFamily;
import org.jvs.ipvs.IpAddress;
import org.jvs.ipvs.conn.ConnFlags;
import org.jvs.ipvs.conn.ConnectionRecord;
import org.jvs.ipvs.conn.TcpState;
import org.jvs.ipvs.service.Protocol;

/**
 * Reads sync messages as a backup does (ip_vs_process_message): version 1 (first byte 0) and the
 * old version 0. A message whose size field is not the datagram's length, of another version, or
 * of another sync id (unless ours is 0) is refused whole; a record that is malformed (too long, an
 * unknown protocol or state, a mandatory option we do not know) ends the message, as the kernel
 * stops at the first bad record; records of a later record version are skipped. Stateless.
 */
public final class SyncDecoder {
    /** Why a message was refused, for the backup's counters. */
    public enum Refusal {
        TRUNCATED, SIZE_MISMATCH, BAD_VERSION, OTHER_SYNC_ID, BAD_RECORD
    }

    /** What a message held: the records read, and why reading stopped early (null when it did not). */
    public record Result(List<ConnectionRecord> records, Refusal refusal) {
    }

    private SyncDecoder() {
    }

    /** Decodes the datagram's remaining bytes; {@code ourSyncId} 0 accepts every sync id. */
    public static Result decode(ByteBuffer datagram, int ourSyncId) {
        ByteBuffer b = datagram.slice().order(ByteOrder.BIG_ENDIAN);
        int length = b.remaining();
        if (length < SyncProtocol.HEADER_V0) {
            return refused(Refusal.TRUNCATED);
        }
        boolean v1 = (b.get(0) & 0xFF) == 0;
        int syncId = b.get(1) & 0xFF;
        int size = b.getShort(2) & 0xFFFF;
        if (size != length) {
            return refused(Refusal.SIZE_MISMATCH);
        }
        if (ourSyncId != 0 && syncId != ourSyncId) {
            return refused(Refusal.OTHER_SYNC_ID);
        }
        return v1 ? version1(b) : version0(b);
    }

    private static Result refused(Refusal why) {
        return new Result(List.of(), why);
    }

    private static Result version1(ByteBuffer b) {
        if (b.remaining() < SyncProtocol.HEADER_V1) {
            return refused(Refusal.TRUNCATED);
        }
        if (b.get(5) != SyncProtocol.VERSION_1) {
            return refused(Refusal.BAD_VERSION);
        }
        int count = b.get(4) & 0xFF;
        List<ConnectionRecord> out = new ArrayList<>(count);
        int p = SyncProtocol.HEADER_V1;
        int end = b.limit();
        for (int i = 0; i < count; i++) {
            if (end - p < 4) {
                return new Result(out, Refusal.TRUNCATED);
            }
            int verSize = b.getShort(p + 2) & 0xFFFF;
            int size = verSize & SyncProtocol.SIZE_MASK;
            if (size < 4 || size > end - p) {
                return new Result(out, Refusal.BAD_RECORD);
            }
            if (verSize >>> 12 == 0) {
                ConnectionRecord r = recordV1(b, p, size);
                if (r == null) {
                    return new Result(out, Refusal.BAD_RECORD);
                }
                out.add(r);
            }
            p = (p + size + 3) & ~3;
        }
        return new Result(out, null);
    }

    /** One version-1 record of {@code size} bytes at {@code p}, or null when it is malformed. */
    private static ConnectionRecord recordV1(ByteBuffer b, int p, int size) {
        boolean v6 = (b.get(p) & SyncProtocol.RECORD_TYPE_INET6) != 0;
        int fixed = v6 ? SyncProtocol.RECORD_V6 : SyncProtocol.RECORD_V4;
        if (size < fixed || !optionsValid(b, p + fixed, p + size)) {
            return null;
        }
        Protocol protocol = Protocol.ofNumber(b.get(p + 1) & 0xFF);
        int flags = b.getInt(p + 4) & ConnFlags.KERNEL_MASK;
        int state = b.getShort(p + 8) & 0xFFFF;
        if (protocol == null || !stateValid(protocol, flags, state)) {
            return null;
        }
        int a = p + 24;
        IpAddress client = address(b, a, v6);
        IpAddress virtual = address(b, a + (v6 ? 16 : 4), v6);
        IpAddress dest = address(b, a + (v6 ? 32 : 8), v6);
        return new ConnectionRecord(protocol, client, b.getShort(p + 10) & 0xFFFF, virtual, b.getShort(p + 12) & 0xFFFF,
                dest, b.getShort(p + 14) & 0xFFFF, flags, state, b.getInt(p + 20), 0, b.getInt(p + 16), 0, "", "");
    }

    /** The options after a record's addresses: each known, or marked as one a receiver may skip. */
    private static boolean optionsValid(ByteBuffer b, int p, int end) {
        while (p < end) {
            if (end - p < 2) {
                return false;
            }
            int type = b.get(p) & 0xFF;
            int len = b.get(p + 1) & 0xFF;
            if (len > end - p - 2) {
                return false;
            }
            int kind = type & ~SyncProtocol.OPT_F_PARAM;
            boolean known = kind == SyncProtocol.OPT_SEQ_DATA || kind == SyncProtocol.OPT_PE_DATA
                    || kind == SyncProtocol.OPT_PE_NAME;
            if (!known && (type & SyncProtocol.OPT_F_PARAM) == 0) {
                return false;
            }
            p += 2 + len;
        }
        return true;
    }

    private static Result version0(ByteBuffer b) {
        int count = b.get(0) & 0xFF;
        List<ConnectionRecord> out = new ArrayList<>(count);
        int p = SyncProtocol.HEADER_V0;
        int end = b.limit();
        for (int i = 0; i < count; i++) {
            if (end - p < SyncProtocol.RECORD_V0) {
                return new Result(out, Refusal.TRUNCATED);
            }
            Protocol protocol = Protocol.ofNumber(b.get(p + 1) & 0xFF);
            int flags = b.getShort(p + 20) & 0xFFFF;
            int state = b.getShort(p + 22) & 0xFFFF;
            if (protocol == null || !stateValid(protocol, flags, state)) {
                return new Result(out, Refusal.BAD_RECORD);
            }
            out.add(new ConnectionRecord(protocol, address(b, p + 8, false), b.getShort(p + 2) & 0xFFFF,
                    address(b, p + 12, false), b.getShort(p + 4) & 0xFFFF, address(b, p + 16, false),
                    b.getShort(p + 6) & 0xFFFF, flags, state, 0, 0, 0, 0, "", ""));
            p += SyncProtocol.RECORD_V0;
            if ((flags & (ConnFlags.IN_SEQ | ConnFlags.OUT_SEQ)) != 0) {
                p += SyncProtocol.SEQ_OPTIONS_V0;
            }
        }
        return new Result(out, null);
    }

    /** ip_vs_proc_sync_conn's check: a state the protocol has, or a template state. */
    private static boolean stateValid(Protocol protocol, int flags, int state) {
        if ((flags & ConnFlags.TEMPLATE) != 0) {
            return state <= ConnectionRecord.TEMPLATE_ASSURED;
        }
        return switch (protocol) {
            case TCP -> state < TcpState.values().length;
            case UDP -> state == 0;
            case SCTP -> true;
            case IP -> false;
        };
    }

    private static IpAddress address(ByteBuffer b, int at, boolean v6) {
        return v6 ? new IpAddress(AddressFamily.INET6, b.getLong(at), b.getLong(at + 8))
                : IpAddress.ofV4(b.getInt(at));
    }
}
