package org.jvs.drbd.nbd;

/**
 * Numbers of the NBD protocol (NetworkBlockDevice/nbd doc/proto.md): magics, handshake and
 * transmission flags, options, option replies, info types, commands, command flags, structured
 * reply types and the error values. All on-wire integers are big-endian.
 */
public final class NbdProtocol {
    /** "NBDMAGIC". */
    public static final long NBDMAGIC = 0x4e42444d41474943L;
    /** "IHAVEOPT", also the prefix of every client option. */
    public static final long IHAVEOPT = 0x49484156454F5054L;
    /** Prefix of every option reply. */
    public static final long OPT_REPLY_MAGIC = 0x0003e889045565a9L;
    /** Prefix of every request. */
    public static final int REQUEST_MAGIC = 0x25609513;
    /** Prefix of a simple reply. */
    public static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    /** Prefix of a structured reply chunk. */
    public static final int STRUCTURED_REPLY_MAGIC = 0x668e33ef;

    /** Handshake flag: fixed newstyle. */
    public static final int FLAG_FIXED_NEWSTYLE = 1;
    /** Handshake flag: no 124 zero bytes after EXPORT_NAME. */
    public static final int FLAG_NO_ZEROES = 2;

    /** Transmission flags. */
    public static final int TF_HAS_FLAGS = 1;
    public static final int TF_READ_ONLY = 1 << 1;
    public static final int TF_SEND_FLUSH = 1 << 2;
    public static final int TF_SEND_FUA = 1 << 3;
    public static final int TF_SEND_TRIM = 1 << 5;
    public static final int TF_SEND_WRITE_ZEROES = 1 << 6;
    public static final int TF_SEND_DF = 1 << 7;
    public static final int TF_CAN_MULTI_CONN = 1 << 8;
    public static final int TF_SEND_FAST_ZERO = 1 << 11;

    /** Options. */
    public static final int OPT_EXPORT_NAME = 1;
    public static final int OPT_ABORT = 2;
    public static final int OPT_LIST = 3;
    public static final int OPT_STARTTLS = 5;
    public static final int OPT_INFO = 6;
    public static final int OPT_GO = 7;
    public static final int OPT_STRUCTURED_REPLY = 8;
    public static final int OPT_LIST_META_CONTEXT = 9;
    public static final int OPT_SET_META_CONTEXT = 10;

    /** Option reply types. */
    public static final int REP_ACK = 1;
    public static final int REP_SERVER = 2;
    public static final int REP_INFO = 3;
    public static final int REP_META_CONTEXT = 4;
    public static final int REP_ERR_UNSUP = 0x80000001;
    public static final int REP_ERR_POLICY = 0x80000002;
    public static final int REP_ERR_INVALID = 0x80000003;
    public static final int REP_ERR_UNKNOWN = 0x80000006;
    public static final int REP_ERR_SHUTDOWN = 0x80000007;
    public static final int REP_ERR_TOO_BIG = 0x80000009;

    /** Info types. */
    public static final int INFO_EXPORT = 0;
    public static final int INFO_NAME = 1;
    public static final int INFO_DESCRIPTION = 2;
    public static final int INFO_BLOCK_SIZE = 3;

    /** Commands. */
    public static final int CMD_READ = 0;
    public static final int CMD_WRITE = 1;
    public static final int CMD_DISC = 2;
    public static final int CMD_FLUSH = 3;
    public static final int CMD_TRIM = 4;
    public static final int CMD_CACHE = 5;
    public static final int CMD_WRITE_ZEROES = 6;
    public static final int CMD_BLOCK_STATUS = 7;

    /** Command flags. */
    public static final int CMD_FLAG_FUA = 1;
    public static final int CMD_FLAG_NO_HOLE = 1 << 1;
    public static final int CMD_FLAG_DF = 1 << 2;
    public static final int CMD_FLAG_REQ_ONE = 1 << 3;
    public static final int CMD_FLAG_FAST_ZERO = 1 << 4;

    /** Structured reply flag and chunk types. */
    public static final int REPLY_FLAG_DONE = 1;
    public static final int REPLY_TYPE_NONE = 0;
    public static final int REPLY_TYPE_OFFSET_DATA = 1;
    public static final int REPLY_TYPE_BLOCK_STATUS = 5;
    public static final int REPLY_TYPE_ERROR = (1 << 15) + 1;

    /** Error values (errno numbers as the protocol defines them). */
    public static final int EPERM = 1;
    public static final int EIO = 5;
    public static final int ENOMEM = 12;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EOVERFLOW = 75;
    public static final int ENOTSUP = 95;
    public static final int ESHUTDOWN = 108;

    /** The only metadata context served. */
    public static final String BASE_ALLOCATION = "base:allocation";

    /** Largest payload we accept or send in one request (the protocol's default maximum). */
    public static final int MAX_PAYLOAD = 32 << 20;
    /** Preferred request size and alignment advertised. */
    public static final int PREFERRED_BLOCK = 4096;
    /** IANA port. */
    public static final int DEFAULT_PORT = 10809;

    private NbdProtocol() {
    }
}
