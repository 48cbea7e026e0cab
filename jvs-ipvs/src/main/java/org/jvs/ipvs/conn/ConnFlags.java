package org.jvs.ipvs.conn;

/**
 * The IP_VS_CONN_F_* bits of a connection entry, with the kernel's values (the sync protocol
 * carries them on the wire), plus a few jvs-private bits above bit 27 that never leave the table.
 */
public final class ConnFlags {
    /** Forwarding method in the low three bits: MASQ 0, LOCALNODE 1, TUNNEL 2, DROUTE 3, BYPASS 4. */
    public static final int FWD_MASK = 0x0007;
    public static final int MASQ = 0x0000;
    public static final int LOCALNODE = 0x0001;
    public static final int TUNNEL = 0x0002;
    public static final int DROUTE = 0x0003;
    public static final int BYPASS = 0x0004;
    /** Created by the sync daemon on a backup director. */
    public static final int SYNC = 0x0020;
    /** Linked into the lookup index (one-packet connections never are). */
    public static final int HASHED = 0x0040;
    /** Replies are not seen (every method but NAT) until an output packet proves otherwise. */
    public static final int NOOUTPUT = 0x0080;
    /** Counted in InActConn rather than ActiveConn. */
    public static final int INACTIVE = 0x0100;
    public static final int OUT_SEQ = 0x0200;
    public static final int IN_SEQ = 0x0400;
    public static final int NO_CPORT = 0x0800;
    /** A persistence template: the client network's choice of real server. */
    public static final int TEMPLATE = 0x1000;
    /** A one-packet (-o) UDP connection: scheduled per packet, never hashed, never synced. */
    public static final int ONE_PACKET = 0x2000;
    /** The bits a backup director accepts from a sync message (IP_VS_CONN_F_BACKUP_MASK). */
    public static final int BACKUP_MASK = FWD_MASK | NOOUTPUT | INACTIVE | OUT_SEQ | IN_SEQ | NO_CPORT | TEMPLATE;
    /** The bits a sync update may change on an existing entry (IP_VS_CONN_F_BACKUP_UPD_MASK). */
    public static final int BACKUP_UPD_MASK = INACTIVE | OUT_SEQ | IN_SEQ;
    /** The bits that mean the same as in the kernel; everything above is jvs-private. */
    public static final int KERNEL_MASK = 0xFFFF;

    /** jvs-private: the entry's client and virtual addresses are IPv6. */
    static final int AF_INET6 = 1 << 28;
    /** jvs-private: the destination address is IPv6 (may differ from the service family for tunnels). */
    static final int DEST_INET6 = 1 << 29;
    /** jvs-private: the entry's addresses live in the wide (128-bit) side store. */
    static final int WIDE = 1 << 30;
    /** jvs-private: the slot is on the free list. */
    static final int FREE = 1 << 31;

    private ConnFlags() {
    }
}
