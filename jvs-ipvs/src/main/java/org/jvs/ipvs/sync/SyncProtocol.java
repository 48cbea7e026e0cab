package org.jvs.ipvs.sync;

/**
 * Facts of the IPVS connection-synchronisation protocol (ip_vs_sync.c): where it is sent, the
 * version-1 message header and record layout, the version-0 layout a backup still accepts.
 */
public final class SyncProtocol {
    /** IP_VS_SYNC_GROUP 224.0.0.81. */
    public static final String DEFAULT_GROUP = "224.0.0.81";
    /** IP_VS_SYNC_PORT. */
    public static final int DEFAULT_PORT = 8848;
    /** The default TTL of sync datagrams. */
    public static final int DEFAULT_TTL = 1;
    /** ipvsadm's default sync_maxlen: a 1500-byte MTU minus the IPv4 and UDP headers. */
    public static final int DEFAULT_MAXLEN = 1472;

    /** Version-1 header: u8 reserved(0) | u8 syncid | be16 size | u8 nr_conns | s8 version | u16 spare. */
    public static final int HEADER_V1 = 8;
    static final int VERSION_1 = 1;
    /** Version-0 header: u8 nr_conns | u8 syncid | be16 size. */
    static final int HEADER_V0 = 4;
    /** Version-1 record without options, IPv4 and IPv6 addresses. */
    static final int RECORD_V4 = 36;
    static final int RECORD_V6 = 72;
    /** Version-0 record, and its optional sequence data. */
    static final int RECORD_V0 = 24;
    static final int SEQ_OPTIONS_V0 = 24;
    /** The size field of a version-1 record: low 12 bits size, top 4 bits record version (0). */
    static final int SIZE_MASK = 0x0FFF;
    static final int RECORD_TYPE_INET6 = 1;
    /** Option types; 0x40 marks an option a receiver may skip. */
    static final int OPT_SEQ_DATA = 1;
    static final int OPT_PE_DATA = 2;
    static final int OPT_PE_NAME = 3;
    static final int OPT_F_PARAM = 0x40;
    /** The most records one message can count (nr_conns is a byte). */
    public static final int MAX_RECORDS = 255;

    private SyncProtocol() {
    }
}
