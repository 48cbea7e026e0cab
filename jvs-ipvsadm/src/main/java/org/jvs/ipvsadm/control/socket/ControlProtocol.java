package org.jvs.ipvsadm.control.socket;

/**
 * The director's control protocol, spoken over the Unix domain socket
 * {@code $JVS_RUN_DIR/director.sock} by ipvsadm (and ldirectord) to the director.
 *
 * <h2>Framing</h2>
 * Every message, in both directions, is one frame; all integers are big-endian:
 * <pre>
 *   u32 length     number of bytes after this field: 2 + body length
 *   u8  version    {@value #VERSION}
 *   u8  opcode     {@link Opcode}: a request (0x01..0x11) or a response (0x80..0x86, 0xFF)
 *   ... body       the opcode's fields, nothing more
 * </pre>
 * The client sends one request and reads its one response before sending the next. A request
 * frame is at most {@value #MAX_REQUEST_FRAME} bytes, a response frame at most
 * {@value #MAX_RESPONSE_FRAME} bytes.
 *
 * <h2>Fields</h2>
 * <ul>
 * <li>address: {@code u8 family} (2 = IPv4, 10 = IPv6) then 4 or 16 address bytes in network order;</li>
 * <li>service key: {@code u8 family, u8 protocol (0, 6, 17, 132), address bytes, u16 port, u32 fwmark};</li>
 * <li>service: key, {@code str8 scheduler, i32 flags, i32 timeout s, i32 netmask, str8 pe};</li>
 * <li>real server: address, {@code u16 port, u8 forwarding (0 masq, 1 local, 2 tunnel, 3 route),
 *     i32 weight, i32 u-threshold, i32 l-threshold, u8 tunnel type, u16 tunnel port, u8 tunnel flags};</li>
 * <li>stats: ten {@code i64}: conns, inpkts, outpkts, inbytes, outbytes, cps, inpps, outpps, inbps, outbps;</li>
 * <li>{@code str8}/{@code str16}: an 8/16-bit byte count then UTF-8 bytes; every string field has
 *     its own maximum (scheduler 15 bytes, pe and state 16, interface 15, pe data 255, error text 1024);</li>
 * <li>lists: a {@code u32} count, bounded per list (services {@value #MAX_SERVICES}, real servers per
 *     service {@value #MAX_DESTS}, connections {@value #MAX_CONNECTIONS}, daemons 2), then the items;</li>
 * <li>an optional value: {@code u8} 0 (absent) or 1 (present) then the value.</li>
 * </ul>
 * Decoding is strict: a wrong version, unknown opcode or enum value, a length or count beyond its
 * limit or beyond the frame, malformed UTF-8, or bytes left over make the whole frame a
 * {@link ControlProtocolException}; nothing from such a frame is ever acted upon. Because every
 * field has exactly one encoding, a frame that decodes re-encodes to the same bytes.
 *
 * <h2>Responses</h2>
 * {@code DONE} (empty), or the requested data, or {@code FAILURE: u16 errno, str16 detail}: the
 * errno is the kernel's (ESRCH, EEXIST, ...) so that ipvsadm prints its usual message. A server
 * that receives a bad frame answers {@code FAILURE} (EINVAL; EMSGSIZE for another protocol version)
 * and closes the connection.
 */
public final class ControlProtocol {
    /** The protocol version carried in every frame. */
    public static final int VERSION = 1;
    /** Bytes of the frame header: length, version, opcode. */
    public static final int HEADER_BYTES = 6;
    /** Largest request frame (length field value) a server accepts. */
    public static final int MAX_REQUEST_FRAME = 64 * 1024;
    /** Largest response frame (length field value) a client accepts. */
    public static final int MAX_RESPONSE_FRAME = 64 * 1024 * 1024;
    /** Most services in one listing. */
    public static final int MAX_SERVICES = 65536;
    /** Most real servers of one service in one listing. */
    public static final int MAX_DESTS = 65536;
    /** Most connections in one listing. */
    public static final int MAX_CONNECTIONS = 1 << 20;
    /** Most sync daemons: one master, one backup. */
    public static final int MAX_DAEMONS = 2;

    static final int MAX_SCHED_NAME = 15;
    static final int MAX_PE_NAME = 16;
    static final int MAX_IFNAME = 15;
    static final int MAX_PROTOCOL_NAME = 8;
    static final int MAX_STATE_NAME = 16;
    static final int MAX_PE_DATA = 255;
    static final int MAX_DETAIL = 1024;

    private ControlProtocol() {
    }
}
